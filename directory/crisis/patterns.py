"""Layer 2: patterns over the canonical words, built from word classes with small gaps.

A pattern is a regular expression over `normalise.canonical(query)` (single spaces, a space
added at both ends), written with `{CLASS}` for any word of a class in `lexicon` and
a repeated "any word and a space" group for a gap of up to a few words. Each may carry exclusions: when an exclusion matches the same
text, the pattern does not fire (idioms, dye/die, dieting, Ramadan fasting, food poisoning,
accidents, questions about films, law or religion that are not about the person typing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon

SUICIDE, SELF_HARM, EATING = "suicide", "self_harm", "eating_disorder"


def _expand(template: str) -> str:
    def word_class(found: re.Match) -> str:
        words = sorted(getattr(lexicon, found.group(1)), key=len, reverse=True)
        return "(?:" + "|".join(map(re.escape, words)) + ")"

    return re.sub(r"\{([A-Z_]+)\}", word_class, template)


@dataclass(frozen=True)
class Pattern:
    category: str
    name: str
    regex: re.Pattern
    unless: re.Pattern | None = None

    def fires(self, text: str) -> bool:
        return bool(self.regex.search(text)) and not (self.unless and self.unless.search(text))


def _p(category: str, name: str, template: str, unless: str | None = None) -> Pattern:
    compiled = re.compile(" " + _expand(template))
    return Pattern(category, name, compiled,
                   re.compile(_expand(unless)) if unless else None)


# Look-alikes shared by several patterns.
_DIE_IDIOM = r" (?:mati|die|dead|death) (?:\S+ )?{IDIOM_AFTER_DIE} "
_ACCIDENT = r" (?:{ACCIDENT}|tak sengaja|not on purpose) "
_NOT_SELF = r" {HAIR_ETC} "

PATTERNS: tuple[Pattern, ...] = (
    # Suicide: wanting to die, in any person and spelling.
    _p(SUICIDE, "want-die", r"{WANT} (?:\S+ ){0,2}(?:to |be |untuk |i |was |aku |saya )?(?:mati|die|dead|mampus|mampos|suicide) ",
       _DIE_IDIOM + "| (?:to die for|die hard|nak mati ke|takut mati|afraid to die|scared to die|fear of death) "),
    _p(SUICIDE, "better-dead", r"(?:better|baik|bagus|elok) (?:\S+ ){0,2}(?:mati|dead|die|gone|takde|tak ada|not here|tiada) ",
       _DIE_IDIOM + "| (?:mati|die) (?:dalam|in) (?:game|permainan) "),
    _p(SUICIDE, "die-better", r"(?:mati|die|dead) (?:\S+ ){0,2}(?:lagi |lebih |je )?(?:baik|bagus|better|senang|elok) ",
       _DIE_IDIOM),
    _p(SUICIDE, "kill-self", r"(?:{KILL}) (?:\S+ ){0,2}{REFLEXIVE} ", _ACCIDENT + "| take (?:care|time|a break|photo|selfie|picture)"),
    _p(SUICIDE, "end-life", r"(?:end|tamat|tamatkan|ambil|take|habiskan|akhiri|putus|cabut|ragut) (?:\S+ ){0,2}(?:life|hidup|nyawa|riwayat|it all|everything|semuanya|semua ni) ",
       r" (?:end of life care|life insurance|insurans hayat|battery life|end life care|paliatif|palliative) "),
    _p(SUICIDE, "suicide-word", r"(?:suicide|suicidal|bunuh diri|bundir|unalive|kill myself|kill yourself) "),
    _p(SUICIDE, "not-live", r"{NEGATOR} (?:\S+ ){0,3}(?:to |untuk |nak |want |mahu )?(?:live|hidup|alive|exist|bernafas|breathe) ",
       r" (?:live|hidup) (?:without|tanpa|in|at|near|with|dengan|kat|di|dekat|chat|stream|streaming|show|music|agent|person|orang|sihat|berdikari|alone|sendiri) | (?:cant|tak|takboleh) (?:live|hidup) (?:without|tanpa) "),
    _p(SUICIDE, "no-reason-live", r"(?:reason|point|sebab|guna|gunanya|makna|purpose|erti|meaning) (?:\S+ ){0,3}(?:live|living|hidup|life|alive|go on|teruskan) ",
       r" {LOOKALIKE_TOPICS} "),
    _p(SUICIDE, "life-pointless", r"(?:life|hidup) (?:\S+ ){0,3}(?:tak |no |not |takde |x )?(?:bermakna|makna|meaning|meaningless|pointless|sia sia|tak guna|takde guna|worthless|no point|not worth|hopeless|gelap) "),
    _p(SUICIDE, "tired-life", r"{TIRED} (?:\S+ ){0,4}(?:life|living|hidup|live|idup|everything|semua|dunia|world|being alive|existing) ",
       r" (?:hidup sihat|healthy life|life insurance|live chat) "),
    _p(SUICIDE, "method", r"{HOW} (?:\S+ ){0,3}(?:to |untuk |nak )?(?:mati|die|suicide|kill myself|bunuh diri|hang|gantung diri|overdose|od|end it|end my life) ",
       _DIE_IDIOM + "| (?:how to dive|cara gantung (?:baju|langsir|gambar|frame|lampu))"),
    _p(SUICIDE, "dose-lethal", r"(?:{QUANTITY}|{LETHAL}) (?:\S+ ){0,3}{DRUG} (?:\S+ ){0,3}(?:to |untuk |nak |boleh |can |will |sampai |until |for )?(?:mati|die|kill|dead|death|overdose|od|maut|lethal|fatal|bunuh) ",
       r" (?:tikus|rats|rat|lipas|cockroach|semut|ants|nyamuk|mosquito|serangga|insects|anai|termites|pest|kucing|cat|dog|anjing|keracunan makan|food poisoning|treatment|guideline|guidelines|rawatan|management|antidote|nurse|jururawat|pharmacist|ahli farmasi) "),
    _p(SUICIDE, "drug-die", r"{DRUG} (?:\S+ ){0,3}(?:to |untuk |nak |boleh |can |supaya |sampai )?(?:mati|die|kill myself|dead|bunuh diri|end it|overdose|od) ",
       r" (?:tikus|rats|rat|lipas|cockroach|semut|ants|nyamuk|serangga|insects|pest|side effect|kesan sampingan|keracunan makan|food poisoning|treatment|guideline|guidelines|rawatan|management|antidote|nurse|jururawat|pharmacist|ahli farmasi) "),
    _p(SUICIDE, "overdose-self", r"(?:overdose|od|telan|swallow|minum|drink|ambil|take|makan) (?:\S+ ){0,3}(?:semua|all|banyak|whole|the whole|sebotol|bottle|se papan|satu papan|strip|20|30|40|50|100) (?:\S+ ){0,2}{DRUG} "),
    _p(SUICIDE, "drug-bottle", r"(?:overdose|od|telan|swallow|minum|drink|ambil|take|makan) (?:\S+ ){0,2}{DRUG} (?:\S+ ){0,2}(?:sebotol|bottle|semua|all of|whole|sepapan|satu papan|satu botol|sekaligus|at once|banyak banyak|\d\d+ biji) "),
    _p(SUICIDE, "never-return", r"(?:pergi|go|leave|hilang) (?:\S+ ){0,3}(?:tak balik|takkan balik|tak kembali|never come back|never return|tak pulang) ",
       r" (?:kampung|hometown|overseas|luar negara|kerja|work|rumah mak|study) "),
    _p(SUICIDE, "height-die", r"(?:jump|terjun|lompat|fall|jatuhkan diri) (?:\S+ ){0,4}(?:{HEIGHT}|off|dari|from|depan|in front|ke dalam|into) ",
       r" (?:jump rope|skipping|trampoline|bungee|parachute|terjun udara|skydiv|kolam|pool|swimming|renang|air terjun|waterfall|jump start|lompat tali|queue|barisan|conclusion) "),
    _p(SUICIDE, "means", r"(?:gantung|hang) (?:\S+ ){0,2}(?:diri|myself|yourself|herself|himself|leher|neck|self|rope|tali) "),
    _p(SUICIDE, "means-drink", r"(?:minum|drink|telan|swallow|makan) (?:\S+ ){0,2}(?:racun|poison|bleach|clorox|pesticide|paraquat|racun rumput|peluntur) ",
       r" (?:keracunan|poisoning|accidentally|anak|child|baby|kid|budak|kucing|cat|dog|anjing|terminum|tertelan) "),
    _p(SUICIDE, "feel-burden", r"(?:feel|rasa|am|i|aku|saya|just|cuma|hanya) (?:\S+ ){0,2}(?:a burden|burden|beban|menyusahkan|nyusahkan) ",
       r" (?:beban kerja|workload|beban hutang|tax|cukai|burden of proof) "),
    _p(SUICIDE, "painless-go", r"(?:painless|tanpa sakit|peaceful|quickest|easiest|paling senang|paling mudah) (?:\S+ ){0,2}(?:way|ways|cara|method) (?:\S+ ){0,2}(?:to go|to leave|pergi|to sleep forever) "),
    _p(SUICIDE, "rope-ready", r"(?:rope|tali|noose|pills|pil|ubat|pisau|knife|blade) (?:\S+ ){0,2}(?:ready|sedia|siap|prepared|tied|dah ikat|collected|kumpul) ",
       r" (?:rope access|climbing|camping|kem|skipping|jump rope|kitchen|dapur|first aid|travel) "),
    _p(SUICIDE, "burden", r"(?:beban|burden|menyusahkan|nyusahkan|susahkan|trouble) (?:\S+ ){0,3}(?:semua|everyone|family|keluarga|mak|parents|orang|people|all|untuk semua|kepada|to) ",
       r" (?:beban kerja|workload|beban hutang|tax|cukai) "),
    _p(SUICIDE, "better-without-me", r"(?:better|baik|happier|bahagia|senang) (?:\S+ ){0,3}(?:without|tanpa) (?:me|aku|saya|i) "),
    _p(SUICIDE, "nobody-miss", r"(?:nobody|no one|takde orang|tiada siapa|takde sape|tak ada orang|xde org) (?:\S+ ){0,3}(?:miss|rindu|care|kisah|peduli|notice|perasan|sedih) "),
    _p(SUICIDE, "never-wake", r"(?:never|tak|takde|tak mahu|tak nak|dont|not) (?:\S+ ){0,3}(?:wake|bangun) (?:up )?(?:\S+ ){0,2}(?:again|lagi|forever|selamanya|esok|tomorrow|dah|dari tidur)? ?",
       r" (?:tak boleh bangun pagi|cant wake up early|cant wake up in the morning|alarm|late|lambat|awal|susah bangun|bangun pagi|tak bangun pagi|subuh) "),
    _p(SUICIDE, "sleep-forever", r"(?:sleep|tidur) (?:\S+ ){0,2}(?:forever|selamanya|and never|dan tak|tak bangun|never wake|for ever) "),
    _p(SUICIDE, "disappear", r"(?:disappear|lenyap|hilang|ghaib|vanish|gone|pergi) (?:\S+ ){0,3}(?:forever|selamanya|dari dunia|from this world|from the world|from everyone|dari semua|terus|for good|je) ",
       r" (?:berat|weight|lemak|fat|jerawat|acne|parut|scar|stress|sakit|pain|ubat|kedai|shop|bercuti|holiday|trip|kerja|jalan|jalan jalan|beli|buy|hilang (?:barang|phone|dompet|kunci|ic)) "),
    _p(SUICIDE, "goodbye", r"(?:goodbye|selamat tinggal|bye|farewell|selamat jalan) (?:\S+ ){0,3}(?:semua|everyone|everybody|world|dunia|forever|selamanya|mak|ayah|family|keluarga|all|cruel world|kawan|friends) ",
       r" (?:party|parti|lagu|song|lyrics|lirik|card|kad|speech|ucapan|majlis|retire|pencen|farewell party|cuti) "),
    _p(SUICIDE, "last-letter", r"(?:last|final|terakhir|akhir) (?:\S+ ){0,2}(?:letter|note|message|words|surat|mesej|pesanan|nota|wasiat|goodbye) |(?:letter|note|message|surat|mesej|pesanan|nota|kata kata) (?:\S+ ){0,2}(?:terakhir|last|final|akhir|sebelum (?:aku |saya )?(?:mati|pergi)) ",
       r" (?:exam|peperiksaan|semester|assignment|tugasan|kerja|job|resign|team|colleague|colleagues|rakan sekerja|boss|bos|client|pelanggan|class|kelas|group|birthday|hari jadi|sms|payment|bayaran|bil|bill|lagu|song|film|movie|drama|novel|episode|words meaning|lirik|lyrics) "),
    _p(SUICIDE, "cant-go-on", r"(?:cant|tak|takboleh|taktahan|taklarat|tak sanggup|tak mampu|no longer|cannot) (?:\S+ ){0,2}(?:go on|teruskan|take it anymore|do this anymore|hidup lagi|bertahan|hold on|tahan lagi|hadap lagi|handle this anymore|anymore|lagi dah) ",
       r" (?:kerja|work|job|exam|pain|sakit (?:gigi|kepala|perut)|traffic|jammed|internet|hutang|debt|bos|boss) "),
    _p(SUICIDE, "give-up-life", r"(?:give up|putus asa|menyerah|surrender|berserah|serah) (?:\S+ ){0,3}(?:life|hidup|everything|semua|dunia|living) "),

    # Self-harm: verbs of harm with a reflexive, a body part or a tool.
    _p(SUICIDE, "cut-to-die", r"(?:{SH_STRONG}|{KILL}) (?:\S+ ){0,4}(?:sampai|until|till|to|enough to|deep enough to|biar) (?:\S+ )?(?:mati|die|death|dead|bleed out) "),
    _p(SUICIDE, "no-future", r"(?:no|dont see|tak nampak|takde|tiada|tak ada|tak nampak apa) (?:\S+ ){0,2}(?:future|masa depan) ",
       r" {LOOKALIKE_TOPICS} "),
    _p(SELF_HARM, "harm-self", r"(?:{SH_STRONG}|{SH_WEAK}) (?:\S+ ){0,2}(?:{REFLEXIVE}) ",
       _ACCIDENT + r"| (?:burn|bakar) (?:\S+ ){0,2}(?:fat|lemak|calories|kalori) | (?:lapar|starve) "),
    _p(SELF_HARM, "cut-body", r"(?:{SH_STRONG}) (?:\S+ ){0,3}(?:{BODY}) ",
       _ACCIDENT + "|" + _NOT_SELF + "| (?:sayur|bawang|onion|kek|cake|daging|meat|pokok|kuku|nails|cooking|masak|kitchen|dapur|shaving|cukur|surgery|pembedahan|doktor|doctor|jahit|stitches|first aid|bantuan kecemasan|kemalangan) "),
    _p(SELF_HARM, "body-cut", r"(?:{BODY}) (?:\S+ ){0,2}(?:{SH_STRONG}|blade|pisau|razor|luka|parut|scar|scars|berdarah|bleeding) (?:\S+ ){0,3}(?:sendiri|myself|sengaja|purpose|diri|again|lagi|hide|sembunyi|cover|tutup|school|sekolah) ",
       _ACCIDENT),
    _p(SELF_HARM, "tool-use", r"(?:{TOOL}) (?:\S+ ){0,3}(?:{BODY}|myself|diri|sendiri|relapse|cut|toreh|kelar|hiris) ",
       _ACCIDENT + "|" + _NOT_SELF + "| (?:shaving|cukur|jahit|kitchen|dapur|surgery) "),
    _p(SELF_HARM, "selfharm-word", r"(?:selfharm|self harm|self injury|self injure|self harming|cutting myself|cutter|sh tips|sh relapse) ",
       r" (?:awareness|kesedaran|statistik|statistics|research|kajian|training|latihan) "),
    _p(SELF_HARM, "scars", r"(?:parut|scar|scars|luka|cuts) (?:\S+ ){0,4}(?:hide|sembunyi|cover|tutup|sorok|relapse|sengaja|on purpose|sendiri|myself|blade|pisau|razor|toreh|kelar) ",
       r" (?:jerawat|acne|surgery|pembedahan|operation|bersalin|c section|caesarean|cream|krim|jahitan|stitches|accident|kemalangan) "),
    _p(SELF_HARM, "cuts-unseen", r"(?:cut|cuts|luka|parut|scar|scars|kesan toreh|wound|wounds|lebam|bruise|bruises) (?:\S+ ){0,5}(?:nobody|no one|tak nampak|takde orang|tak perasan|parents|mak|ayah|cikgu|teacher|school|sekolah) (?:\S+ ){0,2}(?:notice|notices|see|sees|nampak|tahu|know|perasan|find) ",
       r" (?:jerawat|acne|surgery|pembedahan|operation|bersalin|accident|kemalangan|tattoo|paper) "),
    _p(SELF_HARM, "harm-until", r"(?:{SH_STRONG}|{SH_WEAK}|cubit|pinch|pick|picking) (?:\S+ ){0,3}(?:{BODY}|myself|diri) (?:\S+ ){0,2}(?:sampai|until|till|smpai) (?:\S+ ){0,1}(?:luka|berdarah|bleed|bleeds|bleeding|lebam|bruise|bruised|sakit|hurts|parut|scar) ",
       _ACCIDENT),
    _p(SELF_HARM, "relapse-clean", r"(?:clean|bersih|relapse|relapsed) (?:\S+ ){0,3}(?:from |dari )?(?:cut|cutting|selfharm|self harm|toreh|kelar|blade|sh) "),
    _p(SELF_HARM, "punish-pain", r"(?:sakit|pain|hurt|seksa|siksa|punish|hukum) (?:\S+ ){0,2}(?:diri|myself|body|badan) (?:\S+ ){0,3}(?:sendiri|sebab|because|sampai|until|supaya|rasa|feel|better|lega|relief|on purpose|sengaja)? ?",
       r" (?:sakit badan|body pain|sakit belakang|back pain|sakit sendi|joint pain|muscle|otot|gym|senaman|workout|demam|fever) "),
    _p(SELF_HARM, "bang-head", r"(?:bang|hentak|hantuk|pukul|tumbuk|punch|hit) (?:\S+ ){0,2}(?:head|kepala|wall|dinding|badan|body) ",
       _ACCIDENT + "| (?:football|bola|game|boxing|tinju|sparring) "),

    # Eating disorders: not eating for a while, very low calories, purging, laxatives, slang.
    _p(EATING, "not-eat-duration", r"(?:{NEGATOR}|skip|skipped|stop|berhenti|elak|avoid|refuse|enggan|belum|barely|hardly) (?:\S+ ){0,3}(?:{EAT}) (?:\S+ ){0,4}(?:(?:\d+|dua|tiga|empat|lima|enam|tujuh|a few|few|several|beberapa|many|banyak|for|in) (?:\S+ )?{DURATION}|minggu|bulan|weeks|days|months|berhari|berminggu|dah lama|for ages) ",
       r" {FASTING} | {MEDICAL_FAST} | {FOOD_POISONING} | (?:tak lalu|no appetite|hilang selera|selera) "),
    _p(EATING, "how-long-without-food", r"(?:berapa lama|how long|berapa hari|how many days) (?:\S+ ){0,3}(?:tahan|survive|go|boleh|can) (?:\S+ ){0,2}(?:tak makan|without eating|without food|no food|not eating|tanpa makan) ",
       r" {FASTING} | {MEDICAL_FAST} "),
    _p(EATING, "calorie-count", r"(?:\d+|bawah|under|below|less|kurang|only|je|sahaja|just) (?:\S+ ){0,2}(?:{CALORIE}) ",
       r" (?:in |dalam |berapa |how many |much |kandungan |content |recipe|resepi|menu|maintenance|tdee|bmr) | (?:[89]\d\d|[1-9]\d{3,}) (?:\S+ ){0,2}(?:{CALORIE}) "),
    _p(EATING, "purge", r"(?:{VOMIT}|muntahkan) (?:\S+ ){0,3}(?:{PURGE_CONTEXT}) (?:\S+ ){0,3}(?:makan|eat|meal|food|tekak|throat|jari|finger|purpose|sendiri|myself|up|kurus|weight|berat|binge)? ?",
       r" {FOOD_POISONING} | (?:muntah kuning|mabuk laut|seasick|carsick|mabuk kereta|kanak|anak|child|baby|bayi|kucing|cat|dog) "),
    _p(EATING, "purge-word", r"(?:purge|purging|bulimia|bulimic|anorexia|anorexic|anoreksia|bulimik|binge (?:\S+ ){0,2}(?:purge|muntah|vomit|guilt|bersalah|cannot stop|tak boleh berhenti|tak boleh stop)|make myself (?:sick|vomit|throw up)|throw (?:\S+ ){0,2}up (?:\S+ ){0,2}(?:after|lepas|every|on purpose|to lose|sengaja)) ",
       r" (?:purge the|purge film|the purge|purge movie|data purge|purge cache|purge files|awareness|kesedaran|nervosa treatment research) "),
    _p(EATING, "laxative", r"(?:{LAXATIVE}|detox tea|teh detox|pil kurus|slimming pills|diet pills) (?:\S+ ){0,4}(?:kurus|weight|berat|lose|turun|after|lepas|every|hari hari|everyday|setiap|banyak|many|overdose|abuse|addicted|ketagih|banyak sangat|seminggu|lose weight|flat|kempis|makan|eat) ",
       r" (?:constipation|sembelit|susah berak|doktor bagi|pregnant|hamil|colonoscopy|kanak|child|baby|bayi|elderly|warga emas) "),
    _p(EATING, "proed", r"(?:proana|promia|thinspo|edtwt|bonespo|meanspo|(?:ana|mia|ed) (?:\S+ ){0,1}(?:tips|buddy|buddies|coach|twt|diet|motivation|inspo|tricks|cara|group|kumpulan|lifestyle|way|rules|sisters)) ",
       r" (?:ana (?:muslim|islam|nama|name)|mia khalifa|mia sara|mamma mia|ana de armas) "),
    _p(EATING, "fast-weight", r"(?:puasa|fasting|fast|tak makan|dont eat|not eat|starve|lapar) (?:\S+ ){0,4}(?:to |untuk |nak |supaya |so i can |biar )?(?:lose weight|kurus|turun berat|thin|skinny|slim|langsing) ",
       r" (?:intermittent|16 8|doctor|doktor|sihat|healthy|safe|selamat) "),
    _p(EATING, "weigh-often", r"(?:weigh|timbang) (?:\S+ ){0,2}(?:myself|badan|diri|body) (?:\S+ ){0,3}(?:banyak kali|many times|times a day|kali hari|every hour|setiap jam|\d+ times|\d+ kali|ten times|sepuluh kali) "),
    _p(EATING, "starve-self", r"(?:starve|lapar|kebulur|lapar kan|deprive|seksa) (?:\S+ ){0,2}(?:{REFLEXIVE}|badan|body) ",
       r" {FASTING} "),
    _p(EATING, "fear-food", r"(?:takut|fear|afraid|scared|benci|hate|terrified|phobia) (?:\S+ ){0,2}(?:to |nak )?(?:makan|eat|eating|food|gemuk|fat|weight gain|naik berat|gain weight|calories|kalori) ",
       r" (?:food poisoning|keracunan|makanan pedas|spicy|durian|seafood|allergy|alahan|sayur|vegetables|ular|snake|dark|gelap) "),
    _p(EATING, "stop-eating", r"(?:how|cara|macamana|tips|ways|way) (?:\S+ ){0,2}(?:to |nak |untuk )?(?:stop|berhenti|not|tak|tahan|suppress|kill|hilangkan|avoid) (?:\S+ ){0,2}(?:eating|makan|eat|hunger|lapar|appetite|selera|feeling hungry) ",
       r" {FASTING} | (?:junk food|makan manis|sugar|gula|snack|snacking|late night|tengah malam|malam|emotional eating|binge) "),
    _p(EATING, "body-hate", r"(?:hate|benci|disgusted|jijik|loathe) (?:\S+ ){0,2}(?:my body|badan aku|badan saya|tubuh|my weight|berat aku|diri aku gemuk|myself fat|being fat) "),
    _p(EATING, "thin-obsess", r"(?:nak|want|must|need|kena|mesti|wish) (?:\S+ ){0,2}(?:kurus|thin|skinny|thinner|underweight) (?:\S+ ){0,3}(?:gila|sangat|melampau|extreme|bones|tulang|thigh gap|collarbone|no matter|whatever|apa cara|any way|at any cost|even if|walaupun|sampai|until|tak makan|not eat|starve|lapar|muntah|vomit) "),
    _p(EATING, "thinspo-body", r"(?:thigh gap|collarbones?|ribs showing|bones showing|tulang nampak|body check|bodycheck|ana tips|mia tips|ed twt|pro ana|pro mia) "),
)

# A question about a film, a law, a statistic or a topic, with no word about the person
# typing, is not a signal: "13 reasons why suicide scene", "hukum bunuh diri".
TOPIC_ONLY = re.compile(_expand(r" {LOOKALIKE_TOPICS} "))
FIRST_PERSON_WORDS = re.compile(r" (?:i|me|my|mine|myself|aku|saya|we|us|our|kau|you|your|yourself|anak|kawan|friend|son|daughter|adik) ")


def about_a_topic(text: str) -> bool:
    """True when the query asks about a topic (film, law, statistic) and not about a person."""
    return bool(TOPIC_ONLY.search(text)) and not FIRST_PERSON_WORDS.search(text)


def match(text: str) -> set[str]:
    """Categories whose patterns fire on the canonical `text` (with spaces at both ends)."""
    return {pattern.category for pattern in PATTERNS if pattern.fires(text)}


def fired(text: str) -> list[str]:
    """The names of the patterns that fire (for eval and debugging)."""
    return [f"{p.category}:{p.name}" for p in PATTERNS if p.fires(text)]


# Look-alikes that veto the term list and the classifier (the patterns carry their own
# exclusions): everyday senses of words that are also crisis terms.
LOOKALIKES = {
    SELF_HARM: re.compile(_expand(
        r" (?:cut|cutting|potong) (?:\S+ ){0,2}(?:{HAIR_ETC}|board|edge|corners|salon|machine|"
        r"class|price|harga|cost|kos) | (?:hair|rambut|board|paper|kertas) (?:\S+ ){0,2}(?:cut|cutting|potong) "
        r"| {HAIR_ETC} (?:cut|cutting) | (?:burn|bakar) (?:\S+ ){0,2}(?:fat|lemak|calories|kalori|cd) "
        r"| (?:accidentally|kemalangan|accident|first aid|stitches|jahit) ")),
    SUICIDE: re.compile(_expand(
        r" (?:kms|km) (?:to|ke|per|from|dari|away|jauh) | \d+ kms? | end of life | (?:palliative|paliatif|hospice|insurance|insurans) | (?:treatment|guideline|rawatan|"
        r"management|antidote|nurse|jururawat|doktor|doctor) | (?:die|mati) (?:\S+ )?{IDIOM_AFTER_DIE} "
        r"| (?:dye|die) (?:\S+ ){0,2}(?:hair|rambut) | dye | tie die | die casting | (?:rat|rats|tikus|lipas|cockroach|semut|ants|pest|nyamuk) ")),
    EATING: re.compile(_expand(
        r" {FASTING} | {MEDICAL_FAST} | (?:keracunan|food poisoning|constipation|sembelit|mabuk|pregnant|mengandung|hamil|bayi|baby) "
        r"| (?:purge|the purge) (?:movie|film|cache|data|files) | (?:movie|film) purge "
        r"| (?:sihat|healthy|healthily|safely|secara selamat|nutritionist|dietitian|pakar pemakanan) "
        r"| (?:kucing|cat|dog|anjing|arnab|rabbit|hamster|ikan|fish|bayi|baby|toddler|budak kecil) "
        r"| (?:anak|child|kid|kids) (?:\S+ ){0,3}(?:tak nak|tak mahu|wont|refuse|dont|tak) (?:makan|eat) (?:sayur|vegetables|nasi|rice)? ?$")),
}


def vetoed(text: str) -> set[str]:
    """Categories whose look-alikes are in the canonical `text`."""
    return {category for category, regex in LOOKALIKES.items() if regex.search(text)}
