"""Word classes for the crisis patterns, as canonical roots (see `normalise`).

Every word here is also a root the normaliser may reduce an inflected or affixed word to,
so "membunuh", "killing" and "cutted" reach "bunuh", "kill" and "cut". Add a word to the
class it belongs to; the patterns in `patterns.py` combine the classes.
"""

from __future__ import annotations


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


FIRST_PERSON = _w("i me my mine myself aku saya diri sendiri self own we us our")
REFLEXIVE = _w("myself yourself herself himself themselves themself ourselves itself diri "
               "sendiri self")
PERSON = _w("i me my aku saya kau you your he she him her his they them their dia "
            "friend kawan member anak son daughter adik abang kakak brother sister mak "
            "mother father ayah bapa husband suami wife isteri girlfriend boyfriend awek pakwe "
            "makwe student pelajar classmate someone somebody seseorang orang people")
NEGATOR = _w("tak takde taknak takmahu takboleh taktahan taklarat dont not no never cant wont "
             "nobody nothing none bukan tanpa without jangan hardly")
WANT = _w("nak mahu want wish hope rasa feel like plan try thinking think consider going "
          "ready prefer would rather decide dah already")
LIVE = _w("hidup live life alive exist existing nyawa breathe bernafas living")
DIE = _w("die dead death mati mampus maut suicide suicidal mampos meninggal")
KILL = _w("kill bunuh end tamat tamatkan hang gantung drown lemas shoot tembak poison racun "
          "unalive take ambil")
TIRED = _w("penat bosan muak jemu tired sick exhausted fed done weary letih give up putus asa "
           "benci hate")
SH_STRONG = _w("cut potong toreh kelar hiris slash carve stab tikam burn bakar sayat gores relapse")
SH_WEAK = _w("hit pukul punch tumbuk bang hentak scratch cakar garu bite gigit hurt harm "
             "injure sakit luka cedera seksa siksa pain punish hukum starve lapar")
BODY = _w("wrist wrists pergelangan tangan arm arms lengan thigh thighs paha leg legs kaki "
          "skin kulit body badan kepala head wall dinding stomach perut vein veins urat nadi "
          "hip hips jari finger fingers")
TOOL = _w("blade blades razor razors pisau knife cutter scissors gunting glass kaca lighter "
          "rokok cigarette compass sharpener silet pencil pen besi")
DRUG = _w("panadol paracetamol pills pill ubat pil tablet tablets medicine meds bleach racun "
          "poison clorox pesticide paraquat insulin antidepressant antidepressants sleeping "
          "tidur xanax valium ibuprofen aspirin dos dose overdose od pesticides")
LETHAL = _w("lethal fatal maut deadly kill bunuh die mati overdose od enough cukup")
QUANTITY = _w("how many much berapa banyak biji dose dos")
HEIGHT = _w("tinggi height high floor tingkat building bangunan bridge jambatan rooftop "
            "bumbung cliff tebing tower menara flat storey")
MEANS = _w("rope tali jump terjun lompat drown lemas train keretapi lrt mrt tracks landasan "
           "lorry lori charcoal arang gas gun pistol noose knife pisau hang gantung bleach "
           "racun poison pills")
HOW = _w("how cara macamana way ways best easiest painless quickest fastest quick fast "
         "senang mudah method methods teknik tanpa paling")
EAT = _w("makan eat eaten eating meal meals food minum drink nasi")
DURATION = _w("hari days day minggu week weeks bulan month months jam hours")
CALORIE = _w("kcal calories calorie kalori cal cals")
VOMIT = _w("muntah vomit throw puke purge sick korek")
PURGE_CONTEXT = _w("sengaja purpose paksa force forcing jari finger fingers tekak throat "
                   "after lepas every setiap habis lps")
LAXATIVE = _w("laxative laxatives julap diuretic diuretics dulcolax senna")
PROED = _w("proana promia thinspo ana mia edtwt bonespo meanspo")
ED_FEAR = _w("gemuk fat berat weight calories kalori makan eat food")

# Right context that turns a look-alike into something ordinary.
IDIOM_AFTER_DIE = _w("ketawa gelak laugh laughing laughed kutu akal pucuk lampu enjin angin "
                     "bateri battery phone hp fon malu kebosanan hard for tertawa terkejut "
                     "hair rambut colour color warna kelaparan rindu laughter lawak")
ACCIDENT = _w("accident accidentally kemalangan terjatuh jatuh crash langgar tersilap")
LOOKALIKE_TOPICS = _w("hukum law legal illegal akta seksyen section penal code islam fatwa "
                      "dosa haram statistik statistics rate kadar research kajian assignment "
                      "essay thesis definition maksud film movie drama song lagu "
                      "lyrics lirik novel game games anime episode character watak news "
                      "berita artis celebrity series netflix scene scenes trailer season review book buku quote quotes meme "
                      "prevention pencegahan awareness kesedaran training latihan course "
                      "kursus webinar talk ceramah")
DIETING = _w("diet dieting healthy sihat plan menu recipe resepi gym workout senaman protein "
             "keto intermittent")
FASTING = _w("puasa fasting ramadan ramadhan sahur berbuka buka iftar syawal sunat")
MEDICAL_FAST = _w("surgery pembedahan operation operasi blood darah test ujian scan endoscopy "
                  "colonoscopy")
FOOD_POISONING = _w("keracunan poisoning cirit diarrhea diarrhoea mabuk pregnant mengandung "
                    "hamil baby bayi demam fever motion carsick gastrik gastric virus covid "
                    "alahan allergy constipation sembelit")
HAIR_ETC = _w("hair rambut fringe poni bangs nails kuku beard janggut misai grass rumput kek cake vegetables "
              "sayur bawang onion daging meat paper kertas fabric kain tree pokok off ties "
              "fat lemak calories kalori gym sembelih")

IRREGULAR = {
    "dying": "die", "died": "die", "dies": "die", "lives": "live", "alive": "alive",
    "killed": "kill", "burnt": "burn", "cutting": "cut", "cuts": "cut", "cutted": "cut",
    "threw": "throw", "thrown": "throw", "ate": "eat", "eaten": "eat", "eats": "eat",
    "hurting": "hurt", "hurts": "hurt", "hung": "hang", "hanged": "hang", "stabbed": "stab",
    "purging": "purge", "purged": "purge", "starving": "starve", "starved": "starve",
    "meninggal": "mati", "kematian": "mati",
    # "matikan" is to switch off: "matikan telefon".
    "matikan": "matikan", "mematikan": "matikan", "dimatikan": "matikan",
    "pills": "pills", "laxatives": "laxative", "wrists": "wrist", "thighs": "thigh",
    "arms": "arm", "legs": "leg", "veins": "vein", "blades": "blade", "razors": "razor",
    "selfharm": "selfharm", "suicidal": "suicidal", "kebulur": "starve", "berlapar": "lapar",
    "kelaparan": "lapar", "muntahkan": "muntah", "dimuntahkan": "muntah",
}

ROOTS = frozenset().union(
    FIRST_PERSON, REFLEXIVE, PERSON, NEGATOR, WANT, LIVE, DIE, KILL, TIRED, SH_STRONG, SH_WEAK,
    BODY, TOOL, DRUG, LETHAL, QUANTITY, HEIGHT, MEANS, HOW, EAT, DURATION, CALORIE, VOMIT,
    PURGE_CONTEXT, LAXATIVE, PROED, ED_FEAR, IDIOM_AFTER_DIE, ACCIDENT, LOOKALIKE_TOPICS,
    DIETING, FASTING, MEDICAL_FAST, FOOD_POISONING, HAIR_ETC,
    _w("meaning future masa depan depan weigh timbang kali times "
       "kurus thin skinny lose hilang turun weight berat beban burden disappear lenyap "
       "goodbye selamat tinggal terakhir last final letter surat note pesanan message mesej "
       "wake bangun sleep tidur forever selamanya miss rindu without tanpa better baik "
       "binge guilt bersalah stop berhenti suicide selfharm scar parut hide sembunyi sampai "
       "sorry maaf family keluarga world dunia everyone semua dapat"),
)
