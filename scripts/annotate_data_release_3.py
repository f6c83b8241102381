"""One-off: the data release of 2026-12-01 (third research pass), written into directory/data/.

Kept for the record of what was changed and why (see directory/data/README.md). Every value
added here is taken from the record's own sources or research notes; no number is added.
"""
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "directory" / "data"
# The research material beside the checkout (../shared); read only when this script is rerun by hand.
SHARED = ROOT.parent / "shared" / "data" / "third-pass"

# Unresolved conflicts or doubts the research records (provenance/SOURCES.md, notes).
CONFLICTS = {
    "miasa": ["number"],  # SOURCES.md conflict 2
    "befrienders-penang": ["number"],  # conflict 4
    # The four numbers were announced as hotlines "until April 14" 2020 (notes: may be temporary).
    "womens-centre-for-change-penang": ["number"],
    "buddy-bear-childline": ["hours"],  # conflict 10
    "life-line-association-malaysia": ["hours"],  # conflict 10
    "moh-mhpss-psychosocial-support-line": ["hours"],  # conflict 10
    "malaysian-mental-health-association": ["hours"],  # conflict 10
    # notes: "the exact service name, hours and scope are not confirmed"
    "jakim-family-social-community-care": ["service"],
    # third pass, NOTES.md conflicts 1-3 and 8
    "hospital-sultanah-aminah-psychiatric-clinic": ["number"],
    "hospital-melaka-psychiatry": ["number"],
    "hospital-labuan-psychiatric-clinic": ["number"],
    "hospital-mesra-bukit-padang": ["number"],
}
# Third pass: hospital numbers are main switchboards, not the service's own line (NOTES.md).
SWITCHBOARD_SLUGS = {
    "hospital-sultanah-nur-zahirah-psychiatry", "hospital-kuala-lumpur-psychiatry",
    "hospital-putrajaya-psychiatry", "hospital-duchess-of-kent-psychiatry",
    "hospital-raja-perempuan-zainab-ii-psychiatry",
}

# Where the sources disagree on hours: what each says (from the quotes and the notes).
HOURS_BY_SOURCE = {
    "buddy-bear-childline": [
        {"source": "Malay Mail, Feb 2021", "text": "12pm to 12am, seven days a week",
         "text_ms": "12 tengah hari hingga 12 tengah malam, tujuh hari seminggu"},
        {"source": "third-party app listing", "text": "Daily, 6pm to 12am",
         "text_ms": "Setiap hari, 6 petang hingga 12 tengah malam"},
        {"source": "third-party app listing", "text": "Daily, 10am to 10pm",
         "text_ms": "Setiap hari, 10 pagi hingga 10 malam"},
    ],
    "life-line-association-malaysia": [
        {"source": "Oriental Daily, Oct 2024",
         "text": "03-4265 7995: Mon-Fri 9.30am-10.30pm, Sat 2.30pm-5.30pm. Late-night line 03-8084 0995: Fri and Sat 10.30pm-1.30am (from Nov 2024).",
         "text_ms": "03-4265 7995: Isnin-Jumaat 9.30 pagi-10.30 malam, Sabtu 2.30-5.30 petang. Talian lewat malam 03-8084 0995: Jumaat dan Sabtu 10.30 malam-1.30 pagi (mulai Nov 2024)."},
        {"source": "theSun, May 2022", "text": "24-hour counselling service",
         "text_ms": "Perkhidmatan kaunseling 24 jam"},
    ],
    "moh-mhpss-psychosocial-support-line": [
        {"source": "third-party app listing", "text": "9am-5pm, Monday to Friday",
         "text_ms": "9 pagi-5 petang, Isnin hingga Jumaat"},
        {"source": "third-party app listing", "text": "24/7", "text_ms": "24/7"},
    ],
    "malaysian-mental-health-association": [
        {"source": "public sources", "text": "9am-5pm", "text_ms": "9 pagi-5 petang"},
        {"source": "public sources", "text": "10am-5pm", "text_ms": "10 pagi-5 petang"},
    ],
}
# Hours per phone line, where the lines' hours differ (Oriental Daily, 2024-10-22).
PHONE_HOURS = {
    ("life-line-association-malaysia", "+60342657995"): (
        "Mon-Fri 9.30am-10.30pm, Sat 2.30pm-5.30pm (Oriental Daily, Oct 2024)",
        "Isnin-Jumaat 9.30 pagi-10.30 malam, Sabtu 2.30-5.30 petang (Oriental Daily, Okt 2024)"),
    ("life-line-association-malaysia", "+60380840995"): (
        "Fri and Sat 10.30pm-1.30am, from Nov 2024 (Oriental Daily, Oct 2024)",
        "Jumaat dan Sabtu 10.30 malam-1.30 pagi, mulai Nov 2024 (Oriental Daily, Okt 2024)"),
}
# Public hours text that carried research notes.
CLEAN_HOURS = {
    "emergency-999": ("24 hours (national emergency line).",
                      "24 jam (talian kecemasan kebangsaan)."),
}
# Public descriptions: claims no source backs are removed (Befrienders KL: no quote says calls
# are confidential, and the only "free" quote is a 2019 telco waiver for the old number).
DESCRIPTION_CUTS = {
    "befrienders-kuala-lumpur": ("Calls are confidential and free; email support",
                                 "Email support",
                                 "Panggilan adalah sulit dan percuma; sokongan melalui e-mel",
                                 "Sokongan melalui e-mel"),
}
# Cost as the sources state it.
COST_NOTES = {
    "talian-heal-15555": (
        "The service is free, but in June 2024 the Ministry of Health said calls were charged at normal rates. Normal call charges may apply.",
        "Perkhidmatan ini percuma, tetapi pada Jun 2024 Kementerian Kesihatan menyatakan panggilan dikenakan caj biasa. Caj panggilan biasa mungkin dikenakan."),
    "befrienders-kuala-lumpur": (
        "Eight telcos waived call charges from August 2019 (theSun); whether this still applies to the current number is not confirmed. Normal call charges may apply.",
        "Lapan syarikat telekomunikasi mengecualikan caj panggilan mulai Ogos 2019 (theSun); sama ada ini masih terpakai bagi nombor semasa belum disahkan. Caj panggilan biasa mungkin dikenakan."),
    "life-line-association-malaysia": (
        "The helpline is free; some group programmes charge small fees. Normal call charges may apply.",
        "Talian bantuan ini percuma; sesetengah program berkumpulan mengenakan yuran kecil. Caj panggilan biasa mungkin dikenakan."),
}
# notes say the cost is an assumption, not sourced
COST_UNCONFIRMED = {
    "kawan-bah-careline-sabah", "jakim-family-social-community-care",
    "jkws-sarawak-women-family-helpline", "hospital-bahagia-ulu-kinta", "relate-malaysia",
    "awas-malaysia", "psss-yayasan-kebajikan-negara", "emergency-999", "hospital-sentosa-kuching",
}


SOURCE_NAMES_MS = {
    "Malay Mail, Feb 2021": "Malay Mail, Feb 2021",
    "third-party app listing": "senarai aplikasi pihak ketiga",
    "Oriental Daily, Oct 2024": "Oriental Daily, Okt 2024",
    "theSun, May 2022": "theSun, Mei 2022",
    "public sources": "sumber awam",
}


def annotate(record: dict) -> dict:
    slug = record["slug"]
    record["conflicts"] = CONFLICTS.get(slug, []) + (["service"] if slug in SWITCHBOARD_SLUGS else [])
    if slug in HOURS_BY_SOURCE:
        record["hours_by_source"] = [dict(h, source_ms=SOURCE_NAMES_MS[h["source"]])
                                     for h in HOURS_BY_SOURCE[slug]]
        record.pop("schedule", None)  # no structured schedule on conflicting hours
    if slug in CLEAN_HOURS:
        record["hours"]["text"], record["hours"]["text_ms"] = CLEAN_HOURS[slug]
    for phone in record["phones"]:
        if (slug, phone["number"]) in PHONE_HOURS:
            phone["hours"], phone["hours_ms"] = PHONE_HOURS[(slug, phone["number"])]
    if slug in DESCRIPTION_CUTS:
        en_old, en_new, ms_old, ms_new = DESCRIPTION_CUTS[slug]
        assert en_old in record["description_en"] and ms_old in record["description_ms"]
        record["description_en"] = record["description_en"].replace(en_old, en_new)
        record["description_ms"] = record["description_ms"].replace(ms_old, ms_new)
    if slug in COST_NOTES:
        record["cost_note"], record["cost_note_ms"] = COST_NOTES[slug]
    if slug in COST_UNCONFIRMED or record.get("cost") is None:
        record["cost"] = "unknown"
    if "confidence" in record:  # the research's label; the app computes its own (confidence.py)
        record["research_confidence"] = record.pop("confidence")
    return record


def main() -> None:
    services = json.loads((DATA / "services.json").read_text(encoding="utf-8"))
    known = {r["slug"] for r in services}
    additions = json.loads((SHARED / "organisations.additions.json").read_text(encoding="utf-8"))
    services += [r for r in additions if r["slug"] not in known]
    services = [annotate(r) for r in services]
    (DATA / "services.json").write_text(
        json.dumps(services, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    third = DATA / "provenance" / "third-pass"
    third.mkdir(exist_ok=True)
    for name in ("NOTES.md", "organisations.additions.json", "organisations.updates.json"):
        shutil.copy(SHARED / name, third / name)
    shutil.copy(SHARED / "organisations.updates.json", DATA / "suggested_updates.json")


if __name__ == "__main__":
    main()
