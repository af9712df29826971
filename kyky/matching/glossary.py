"""A small trilingual glossary of school vocabulary, so texts in Finnish, Swedish and English can meet.

Each line is one concept: Finnish | Swedish | English words with that meaning (base forms; a
compound may stand for a phrase, e.g. "lukusujuvuus"). The text model maps every word whose lemma
(or compound part) is listed to the concept, which becomes one more feature shared by the three
languages: a Finnish need about "murtoluvut" then meets a Swedish offer about "bråktal" and an
English one about "fractions", and the reasons show the need's own word.

The lines follow the Finnish core curriculum's subjects and the everyday words of school life.
They name what a pilot is about (topics, skills, groups, activities); words every text uses
("oppilas", "opettaja", "sovellus") are left out, since they tell nothing apart. It is hand-written
and small on purpose: a word missing here only loses the cross-language link, the lemmas still
match within a language. Extend it when teachers' texts show a gap.
"""

from __future__ import annotations

GLOSSARY = """
murtoluku murto-osa osamäärä | bråk bråktal | fraction
kertotaulu kertolasku | multiplikationstabell gångertabell multiplikation | multiplication times
jakolasku | division | division
päässälasku | huvudräkning | mental arithmetic
yhteenlasku | addition | addition
vähennyslasku | subtraktion | subtraction
lukusuora | tallinje | numberline
sekaluku | blandat | mixed
laventaa supistaa | förlänga förkorta | simplify equivalent
geometria | geometri | geometry
yhtälö | ekvation | equation
tilasto todennäköisyys | statistik sannolikhet | statistics probability
prosentti | procent | percentage
mittaaminen mittaus mitata mittari | mätning mäta mätare | measurement measure meter
matematiikka matikka | matematik | mathematics maths math
laskea laskeminen | räkna | calculate arithmetic
lukeminen lukea lukija | läsa läsning läsare | reading read reader
lukutaito | läsförmåga läskunnighet | literacy
sujuvuus lukusujuvuus lukunopeus | läsflyt flyt | fluency
äänne äänteet kirjain | ljud bokstav | phonics sound letter
tavu | stavelse | syllable
luetun ymmärtäminen ymmärtää | läsförståelse förståelse förstå | comprehension understand
kirjoittaminen kirjoittaa | skriva skrivande | writing write
sanasto sanavarasto sana | ordförråd ord | vocabulary word
kuvasanakirja sanakirja | bildordbok ordbok | dictionary
tarina satu kertomus | berättelse saga | story tale
kirja e-kirja | bok | book
kiusaaminen kiusata | mobbning mobba | bullying bully
ryhmäytyminen ryhmähenki yhteishenki | gruppsammanhållning sammanhållning | belonging cohesion
syrjintä ulkopuolelle | utanför utanförskap | exclusion excluded
ilmapiiri | trygghet | atmosphere
turvallinen | trygg säker | safe
tunne tunteet | känsla | feeling emotion
tunnetaito | känslor | emotional
rauhoittuminen rauhoittua | lugn | calm
riita konflikti | konflikt | conflict
kaveri ystävyys | vän vänskap | friend friendship
ruotsi | svenska | swedish
suomi | finska | finnish
englanti | engelska | english
puhuminen puhua keskustelu | tala samtal prata | speaking speak conversation talk
ääntäminen | uttal | pronunciation
suullinen | muntlig | oral spoken
kielitaito kielenoppiminen | språkkunskap språkinlärning | language
kotimainen | inhemsk | national
maahanmuuttaja | nyanländ invandrare | newcomer newly arrived immigrant
selkokieli selkosuomi | lättläst | plain
käsite | begrepp | concept
ohjelmointi ohjelmoida koodaus koodata | programmering programmera kodning koda | programming coding code
robotti robotiikka | robot robotik | robot robotics
silmukka toisto | loop slinga | loop
ehto | villkor | condition
algoritmi | algoritm | algorithm
lohko lohkopohjainen | block blockbaserad | block
tietokone kannettava | dator | computer laptop
tabletti | surfplatta | tablet
energia | energi | energy
sähkö | el elektricitet | electricity
lämmitys lämpö | värme uppvärmning | heating heat
säästö säästää energiansäästö | spara sparande energisparande | saving save
kulutus | förbrukning | consumption use
ilmasto ilmastonmuutos | klimat klimatförändring | climate
kestävä kestävyys | hållbar hållbarhet | sustainable sustainability
liikunta liikkua liike | rörelse röra gymnastik | movement move exercise
välitunti välkkä | rast | break playground
taukoliikunta tauko | rörelsepaus paus | pause
istuminen istua | sitta stillasittande | sitting sedentary
leikki leikkiä | lek leka | play game
urheilu | idrott sport | sport sporty
työelämä | arbetsliv | work working
tet | prao praktik | work experience placement internship
ammatti | yrke | occupation profession
ura urasuunnittelu | karriär | career
jatko-opinnot koulutus | utbildning studier | study education
yhteishaku hakea haku | ansökan söka | application apply
työnantaja yritys | arbetsgivare företag | employer company business
oppilaanohjaus opinto-ohjaaja opo | studiehandledning studiehandledare | guidance counsellor
yrittäjyys | företagande entreprenörskap | entrepreneurship
media medialukutaito | medier mediekunskap | media
valeuutinen disinformaatio harhaanjohtava | desinformation falsk | misinformation disinformation fake misleading
lähdekritiikki lähde | källkritik källa | source
faktantarkistus tarkistaa | granska kontrollera | verify check fact-check
uutinen | nyhet | news
some sosiaalinen | sociala | social
kemia | kemi | chemistry
laboratorio labra laboratoriotyö | laboration labb | lab laboratory practical
koe kokeilu | experiment försök | experiment
turvallisuus | säkerhet | safety
happo emäs | syra bas | acid base
reaktio | reaktion | reaction
titraus | titrering | titration
ruoka | mat | food
hävikki ruokahävikki lautashävikki biojäte | svinn matsvinn matavfall avfall | waste
ruokala kouluruokala | matsal skolmatsal | canteen
kotitalous | huslig | economics
resepti | recept | recipe
ruoanlaitto | matlagning | cooking
päiväkoti varhaiskasvatus | daghem förskola småbarnspedagogik | kindergarten nursery childhood
esiopetus eskari | förskoleundervisning | pre-primary preschool
lapsi | barn | child
nuori | ung ungdom | young teenager
musiikki laulu soitto | musik sång | music song singing
säveltäminen | komponera | composing compose
kuvataide piirtäminen maalaus | bildkonst teckning målning | art drawing painting
käsityö | slöjd | crafts
historia | historia | history
biologia | biologi | biology
maantieto | geografi | geography
fysiikka | fysik | physics
ympäristöoppi | omgivningslära | environmental
terveystieto terveys | hälsokunskap hälsa | health
hyvinvointi | välmående välbefinnande | wellbeing
uni | sömn | sleep
ravinto | kost näring | nutrition
tukea tuki | stöd specialstöd | support
eriyttäminen eriyttävä | differentiering | differentiation
palaute | respons återkoppling | feedback
pelillinen peli | spel spelifierad | game gamified
harjoitella harjoittelu harjoitus | öva övning träna träning | practise practice exercise
arviointi arvosana todistus arviointimerkintä | bedömning betyg omdöme | assessment grade gradebook
lukujärjestys lukkari aikataulu aikatauluttaa jaksosuunnittelu tilavaraus sijaisuus | schema schemaläggning vikarie | timetable schedule scheduling
huoltaja vanhempi vanhempainilta | vårdnadshavare förälder föräldramöte | parent guardian
viesti tiedote | meddelande | message
työhyvinvointi jaksaminen kuormitus kuormittavuus mentorointi vertaismentorointi | arbetshälsa arbetsbelastning mentorskap | workload burnout staff mentoring
leasing vuokra vuokrata vuokraus kuukausimaksu | leasing hyra | lease rent
oppimisalusta | plattform lärplattform | platform
tekoäly | ai artificiell | ai artificial intelligence
"""

# Concepts naming what an offer is for when it is not teaching pupils: the school's administration,
# its staff, parents, equipment, or a platform without content of its own. An offer that says one
# of them in its title or summary serves that purpose; unless the need asks for it too, it matches
# the need's words but not its problem (the engine's ``purpose_mismatch`` penalty). Plain "alusta"
# is left out: it is also "from the start".
NON_TEACHING: tuple[str, ...] = ("timetable", "parent", "workload", "lease", "assessment", "platform")


def entries() -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """(concept name, language → words) per line; the name is the line's first English word."""
    out = []
    for line in GLOSSARY.strip().splitlines():
        fi, sv, en = (part.split() for part in line.split("|"))
        out.append((en[0], {"fi": tuple(fi), "sv": tuple(sv), "en": tuple(en)}))
    return out
