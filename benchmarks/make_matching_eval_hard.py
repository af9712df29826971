"""Write benchmarks/data/matching_eval_hard.json: the harder labelled set for the matching engine.

Run from the repository root:  .venv/bin/python benchmarks/make_matching_eval_hard.py

Deterministic (seeded): the same file comes out every time. Each topic below is a real problem a
Finnish, Swedish-speaking or international school describes, with hand-written needs, genuine fits
(some in the needs' words, some in synonyms, some written in another of the three languages) and one
partly useful offer. Decoys are composed from hand-written templates per purpose (timetabling,
messages to parents, staff wellbeing, device leasing, "adaptive learning platform" buzzwords,
assessment paperwork): they carry the topic's subject codes, levels and vocabulary, pass every hard
constraint (levels overlap, language, a window of at least 21 days, delivery) and serve another
purpose.

Grades follow one rule, applied here mechanically, never tuned against the engine: 2 = built for
the need's actual problem, for that group (a fit of the topic whose levels cover the need's); 1 =
partly useful (a fit whose levels cover only part of the need's group, the topic's partial offer,
or a fit of a declared related topic); 0 = not (decoys, other topics). Only feasible pairs are
graded, so the benchmark can check the engine never returns an infeasible one. Dates are fixed in
school year 2026-2027; the engine does not look at today's date, so the set scores the same any day.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "data" / "matching_eval_hard.json"
SEED = 13

AUTUMN = ("2026-08-12", "2026-12-18")
SPRING = ("2027-01-07", "2027-05-31")
YEAR = ("2026-08-03", "2027-06-04")
AUTUMN_LATE = ("2026-10-19", "2026-12-18")  # covers part of an autumn need
SPRING_EARLY = ("2027-01-07", "2027-03-12")
LOWER = ["grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "grade_6"]
UPPER = ["grade_7", "grade_8", "grade_9"]

# fmt: off
TOPICS: list[dict] = [
    {
        "key": "fractions", "subjects": ["mathematics"],
        "label": {"fi": "murtoluvut", "sv": "bråktal", "en": "fractions"},
        "phrase": {"fi": "murtolukujen harjoittelu", "sv": "övningar i bråktal", "en": "practising fractions"},
        "subject": {"fi": "matematiikan", "sv": "matematiken", "en": "maths"},
        "needs": [
            {"lang": "fi", "levels": ["grade_4"], "window": AUTUMN, "title": "Murtoluvut haltuun pelaamalla",
             "description": "Neljäsluokkalaiset aloittavat murtoluvut syksyllä. Etsimme peliä tai sovellusta, jolla oppilaat harjoittelevat murtolukujen käsitettä, vertailua ja sijoittamista lukusuoralle omaan tahtiinsa. Osa oppilaista tarvitsee kuvallista tukea."},
            {"lang": "fi", "levels": ["grade_5", "grade_6"], "window": SPRING, "title": "Murtolukujen laskutoimitukset ja sekaluvut",
             "description": "Viides ja kuudes luokka laskee murtoluvuilla: yhteen- ja vähennyslasku, laventaminen, supistaminen ja sekaluvut. Oppilaiden erot ovat suuria, joten tarvitsemme eriyttävää harjoittelua ja opettajalle näkymän siitä, missä kukin on."},
            {"lang": "sv", "levels": ["grade_4", "grade_5"], "window": AUTUMN, "title": "Bråktal med konkret material",
             "description": "Våra elever i årskurs 4 och 5 har svårt att förstå vad ett bråk är. Vi söker ett sätt att öva bråktal, jämföra bråk och se delar av en helhet, gärna med bilder eller spel."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_3", "grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Murtolukuseikkailu – murtoluvut pelinä", "summary": "Selainpeli, jossa oppilaat vertailevat, laventavat ja supistavat murtolukuja tarinan edetessä.",
             "description": "Peli alkaa murtoluvun käsitteestä kuvien avulla ja etenee lukusuoralle, laventamiseen ja sekalukuihin. Tehtävät mukautuvat oppilaan osaamiseen ja opettaja näkee luokan tilanteen koontinäkymästä. Pilotissa keräämme palautetta tehtävien vaikeudesta."},
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_3", "grade_4", "grade_5"], "window": AUTUMN_LATE,
             "title": "Pizzapaja: osat ja kokonainen", "summary": "Toiminnallinen tehtäväsarja, jossa kokonainen jaetaan yhtä suuriin osiin ja osia verrataan toisiinsa.",
             "description": "Oppilaat leipovat ruudulla pizzoja ja kakkuja, jakavat ne neljäsosiin ja kahdeksasosiin ja päättelevät, kumpi pala on suurempi. Osamäärä ja jakolasku tulevat tutuiksi ennen symboleita. Mukana tulostettavat murtokakut luokan toiminnalliseen työskentelyyn."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Bråkverkstaden", "summary": "Digitalt och konkret material där eleverna jämför bråk, förlänger och förkortar dem och placerar dem på tallinjen.",
             "description": "Bråkverkstaden leder eleven från delar av en helhet till räkning med bråk och blandade tal. Läraren ser vilka elever som behöver mer stöd. Materialet finns på svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Fraction Quest", "summary": "A game where pupils compare, simplify and add fractions on a number line, with visual models for those who need them.",
             "description": "Pupils start from fair shares and equivalent fractions and move on to mixed numbers. The teacher dashboard shows who is stuck. Localised into Finnish and Swedish."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Matikkatreeni – koko alakoulun tehtäväpankki", "summary": "Tuhansia matematiikan harjoituksia peruslaskuista geometriaan.",
             "description": "Tehtäväpankki kattaa alakoulun matematiikan sisällöt, myös murtoluvut yhtenä monista aihealueista. Opettaja kokoaa tehtävistä kotitehtäviä."},
        ],
        "related": ["times_tables"],
    },
    {
        "key": "reading", "subjects": ["mother_tongue"],
        "label": {"fi": "lukemaan oppiminen", "sv": "läsinlärning", "en": "early reading"},
        "phrase": {"fi": "lukemisen sujuvuus", "sv": "läsflyt", "en": "reading fluency"},
        "subject": {"fi": "äidinkielen", "sv": "modersmålet", "en": "literacy"},
        "needs": [
            {"lang": "fi", "levels": ["grade_1"], "window": AUTUMN, "title": "Ekaluokkalaisten lukutaito ja äänteet",
             "description": "Ensimmäisellä luokalla osa oppilaista ei vielä tunnista kirjaimia ja äänteitä. Haluamme harjoitella äänteiden yhdistämistä tavuiksi ja sanoiksi niin, että jokainen etenee omassa tahdissaan kohti sujuvaa lukemista."},
            {"lang": "fi", "levels": ["grade_2", "grade_3"], "window": SPRING, "title": "Lukemisen sujuvuus kuntoon",
             "description": "Toisella ja kolmannella luokalla lukeminen on monella vielä hidasta ja takeltelevaa. Tarvitsemme tapaa harjoitella lukemisen sujuvuutta ja seurata lukunopeuden kehittymistä."},
            {"lang": "sv", "levels": ["grade_1", "grade_2"], "window": AUTUMN, "title": "Läsinlärning i årskurs 1–2",
             "description": "Vi söker material där eleverna kopplar ljud till bokstäver och läser ihop ljuden till ord. Många elever behöver mer träning i läsflyt och läsförståelse."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["pre_primary", "grade_1", "grade_2"], "window": YEAR,
             "title": "Aapiskettu – kirjaimet, äänteet ja tavut", "summary": "Sovellus, jossa lapsi kuulee äänteet, yhdistää ne tavuiksi ja lukee ensimmäiset sanansa.",
             "description": "Aapiskettu etenee kirjain-äänne-vastaavuudesta tavuihin ja sanoihin. Harjoitukset mukautuvat lapsen tahtiin ja opettaja näkee, ketkä tarvitsevat lisätukea lukemaan oppimisessa."},
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_2", "grade_3", "grade_4"], "window": SPRING_EARLY,
             "title": "Lukusilta – luetun ymmärtäminen ja lukunopeus", "summary": "Lyhyitä tekstejä, joiden lukemista oppilas harjoittelee ääneen, ja sovellus mittaa sanoja minuutissa.",
             "description": "Oppilas lukee tekstin tabletille, saa palautetta lukusujuvuudesta ja vastaa ymmärtämistä tukeviin kysymyksiin. Opettaja seuraa kehitystä viikoittain."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_1", "grade_2"], "window": YEAR,
             "title": "Ljudaresan", "summary": "Eleverna ljudar, läser ihop ljud till ord och tränar läsflyt med korta berättelser.",
             "description": "Ljudaresan bygger på fonologisk medvetenhet och systematisk koppling mellan ljud och bokstav. Läraren får en översikt över varje elevs läsutveckling. Finns på svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_1", "grade_2", "grade_3"], "window": YEAR,
             "title": "Phonics Path", "summary": "Pupils blend sounds into syllables and words, then build reading fluency with decodable stories.",
             "description": "Systematic phonics with speech recognition: the app listens to a child reading aloud and tracks accuracy and words per minute. Available with Finnish and Swedish content."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Kirjastoklubi – lukuinnon e-kirjahylly", "summary": "Satoja e-kirjoja alakoululaisille ja lukudiplomin tehtävät.",
             "description": "Lukuintoa herättävä e-kirjasto, jossa on helppolukuisia kirjoja myös aloitteleville lukijoille. Ei varsinaista äänteiden tai lukunopeuden harjoittelua."},
        ],
        "related": ["s2"],
    },
    {
        "key": "bullying", "subjects": ["wellbeing", "health_education"],
        "label": {"fi": "kiusaaminen", "sv": "mobbning", "en": "bullying"},
        "phrase": {"fi": "kiusaamisen ehkäisy ja ryhmäytyminen", "sv": "förebyggande av mobbning", "en": "preventing bullying"},
        "subject": {"fi": "hyvinvoinnin", "sv": "välmåendet", "en": "wellbeing"},
        "needs": [
            {"lang": "fi", "levels": ["grade_7"], "window": AUTUMN, "title": "Seiskojen ryhmäytyminen ja kiusaamisen ehkäisy",
             "description": "Seitsemännet luokat kootaan syksyllä usealta alakoululta. Tarvitsemme ryhmäytymistä tukevia harjoituksia ja keinoja tunnistaa ja ehkäistä kiusaamista heti alusta."},
            {"lang": "fi", "levels": ["grade_4", "grade_5"], "window": SPRING, "title": "Luokan ilmapiiri ja kiusaamistilanteet",
             "description": "Luokassamme on ollut ulkopuolelle jättämistä ja nimittelyä. Haluamme oppilaille keinoja puuttua kiusaamiseen ja opettajalle tavan kuulla, miltä luokassa oikeasti tuntuu."},
            {"lang": "en", "levels": ["grade_6", "grade_7"], "window": AUTUMN, "title": "Belonging and anti-bullying for a new class",
             "description": "Our international school mixes pupils from many countries. We need activities that build a safe group and help pupils speak up about bullying and exclusion."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Meidän luokka – ryhmäytymisen harjoituspaketti", "summary": "Valmiit tuokiot, joilla uusi luokka ryhmäytetään ja kiusaamista ehkäistään alusta asti.",
             "description": "Paketissa on kymmenen ohjattua tuokiota luokanvalvojalle: tutustumista, yhteiset pelisäännöt ja harjoituksia sivustakatsojan roolista. Mukana kyselyt, joilla opettaja seuraa ryhmän ilmapiiriä."},
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_3", "grade_4", "grade_5", "grade_6"], "window": SPRING_EARLY,
             "title": "Turvallinen välkkä", "summary": "Oppilaat ilmoittavat nimettömästi ulos jättämisestä ja nimittelystä, ja luokka harjoittelee puuttumista draaman keinoin.",
             "description": "Nimetön ilmoituskanava ja tunnekysely kertovat opettajalle, missä ja milloin luokassa on syrjintää tai häirintää. Draamaharjoitukset opettavat oppilaita tukemaan kaveria."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_4", "grade_5", "grade_6", "grade_7"], "window": YEAR,
             "title": "Tillsammans i klassen", "summary": "Övningar för gruppsammanhållning och en anonym enkät om trygghet och mobbning.",
             "description": "Klassen arbetar med värderingar, roller i gruppen och hur man säger ifrån när någon blir utanför. Läraren ser resultaten av trygghetsenkäten. På svenska och finska."},
            {"lang": "en", "languages": ["en", "fi"], "levels": ["grade_5", "grade_6", "grade_7", "grade_8"], "window": YEAR,
             "title": "Upstanders", "summary": "Role-play scenarios and a class climate survey that teach pupils to step in when someone is excluded or bullied.",
             "description": "Teachers run short sessions on group rules, bystander roles and repairing harm. An anonymous check-in shows how safe pupils feel. Finnish version available."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_4", "grade_5", "grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Tunnetaitokortit koululaisille", "summary": "Korttipakka tunteiden sanoittamiseen luokan aamupiirissä.",
             "description": "Kortit auttavat oppilaita nimeämään tunteita ja keskustelemaan niistä. Ne tukevat hyvää ilmapiiriä, mutta eivät ole kiusaamisen ehkäisyn ohjelma."},
        ],
        "related": ["emotions"],
    },
    {
        "key": "swedish_speaking", "subjects": ["second_national_language"],
        "label": {"fi": "ruotsin puhuminen", "sv": "muntlig svenska", "en": "spoken Swedish"},
        "phrase": {"fi": "ruotsin suullinen kielitaito", "sv": "muntlig färdighet i svenska", "en": "speaking Swedish"},
        "subject": {"fi": "ruotsin kielen", "sv": "svenska", "en": "Swedish"},
        "needs": [
            {"lang": "fi", "levels": ["grade_7", "grade_8"], "window": SPRING, "title": "Ruotsin puhumisen rohkeus",
             "description": "Yläkoulun oppilaat osaavat ruotsin kielioppia, mutta eivät uskalla puhua. Etsimme tapaa harjoitella ruotsin suullista kielitaitoa ja ääntämistä turvallisesti, vaikka pareittain tai tekoälyn kanssa."},
            {"lang": "fi", "levels": ["grade_9", "upper_secondary"], "window": AUTUMN, "title": "Suullinen koe ruotsissa – harjoittelua",
             "description": "Lukion ja ysiluokan ruotsin ryhmät valmistautuvat suulliseen kokeeseen. Tarvitsemme keskusteluharjoituksia ja palautetta ääntämisestä."},
            {"lang": "en", "levels": ["grade_7", "grade_8", "grade_9"], "window": SPRING, "title": "Swedish speaking practice for Finnish pupils",
             "description": "In our English-medium school pupils study Swedish as the second national language. They need more chances to speak Swedish and get feedback on pronunciation."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Prata på! – ruotsin keskusteluharjoitukset", "summary": "Oppilaat puhuvat ruotsia arkisissa tilanteissa ja saavat palautetta ääntämisestä puheentunnistuksen avulla.",
             "description": "Parikeskustelut, roolipelit ja tekoälykeskustelija madaltavat kynnystä puhua ruotsia. Opettaja kuulee tallenteet ja antaa palautetta."},
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_8", "grade_9", "upper_secondary"], "window": AUTUMN,
             "title": "Suukoe kuntoon", "summary": "Toisen kotimaisen kielen suullisen kokeen harjoitteluympäristö.",
             "description": "Harjoittelu etenee kuvailutehtävistä mielipiteen ilmaisuun ja keskusteluun. Ääntämispalaute ja arviointikriteerit opiskelijalle näkyviin."},
            {"lang": "sv", "languages": ["sv", "fi", "en"], "levels": ["grade_7", "grade_8", "grade_9", "upper_secondary"], "window": YEAR,
             "title": "Snacka svenska", "summary": "Samtalsövningar i par och med en samtalsrobot som ger respons på uttal.",
             "description": "För finskspråkiga elever som läser svenska som andra inhemska språk. Övningarna bygger mod att tala och ger läraren inspelningar att bedöma."},
            {"lang": "en", "languages": ["en", "fi"], "levels": ["grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "TalkBuddy Swedish", "summary": "Conversation practice in Swedish with pronunciation feedback from speech recognition.",
             "description": "Pupils practise everyday dialogues, record themselves and compare with native speakers. Designed for Finnish learners of Swedish."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9", "upper_secondary"], "window": YEAR,
             "title": "Sanastovisa ruotsiksi", "summary": "Ruotsin sanaston kertaus pelinä.",
             "description": "Oppilaat kilpailevat sanastotehtävissä. Puhumista ei harjoitella, mutta sanavarasto kasvaa."},
        ],
        "related": [],
    },
    {
        "key": "coding", "subjects": ["digital_competence", "mathematics"],
        "label": {"fi": "ohjelmointi", "sv": "programmering", "en": "coding"},
        "phrase": {"fi": "ohjelmoinnin opetus", "sv": "programmering i undervisningen", "en": "teaching programming"},
        "subject": {"fi": "digitaalisten taitojen", "sv": "digital kompetens", "en": "digital skills"},
        "needs": [
            {"lang": "fi", "levels": ["grade_3", "grade_4"], "window": AUTUMN, "title": "Ohjelmoinnin alkeet kolmosille",
             "description": "Opetussuunnitelma edellyttää ohjelmointia, mutta opettajilla ei ole kokemusta. Etsimme helppoa tapaa aloittaa ohjelmointi visuaalisilla lohkoilla tai roboteilla."},
            {"lang": "sv", "levels": ["grade_5", "grade_6"], "window": SPRING, "title": "Programmering med robotar",
             "description": "Vi vill att eleverna i årskurs 5–6 programmerar robotar och lär sig loopar och villkor genom att lösa uppgifter i grupp."},
            {"lang": "en", "levels": ["grade_4", "grade_5"], "window": AUTUMN, "title": "Starting block-based coding",
             "description": "Our teachers are new to programming. We want a simple way for pupils to learn sequences and loops with block coding or small robots."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_1", "grade_2", "grade_3", "grade_4"], "window": YEAR,
             "title": "Koodikoulu – ohjelmoinnin alkeet lohkoilla", "summary": "Visuaalinen ohjelmointiympäristö ja valmiit tuntisuunnitelmat opettajalle, jolla ei ole ohjelmointikokemusta.",
             "description": "Oppilaat rakentavat käskyjonoja ja silmukoita lohkoista ja ohjaavat hahmoa ruudulla. Tuntisuunnitelmat ja opettajan opas tekevät aloittamisesta helppoa."},
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_3", "grade_4", "grade_5", "grade_6"], "window": AUTUMN_LATE,
             "title": "Robottiralli", "summary": "Pienet lattiarobotit, joita oppilaat koodaavat ryhmissä radan läpi.",
             "description": "Robotit lainataan koululle jaksoksi. Tehtävät opettavat käskyjä, toistoa ja ehtoja. Opettajalle lyhyt perehdytys."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Robotverkstad", "summary": "Eleverna programmerar små robotar och lär sig loopar, villkor och felsökning i grupp.",
             "description": "Uppdragskort leder grupperna från enkla sekvenser till villkor. Lärarhandledning ingår. Finns på svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_3", "grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "BlockLab", "summary": "Block-based coding lessons with ready-made plans for teachers who have never programmed.",
             "description": "Pupils learn sequences, loops and conditions by guiding characters and robots. Lesson plans in English, Finnish and Swedish."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_3", "grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Digiloikka – tieto- ja viestintäteknologian perustaidot", "summary": "Näppäintaidot, tiedostot ja tiedonhaku alakoululaisille.",
             "description": "Kurssi opettaa tietokoneen peruskäyttöä. Yksi moduuli esittelee ohjelmoinnin ajatusta."},
        ],
        "related": [],
    },
    {
        "key": "energy", "subjects": ["sustainability", "environmental_studies", "physics"],
        "label": {"fi": "energiansäästö", "sv": "energisparande", "en": "energy saving"},
        "phrase": {"fi": "koulun energiankulutus", "sv": "skolans energiförbrukning", "en": "school energy use"},
        "subject": {"fi": "ympäristöopin", "sv": "omgivningslära", "en": "environmental studies"},
        "needs": [
            {"lang": "fi", "levels": ["grade_5", "grade_6"], "window": AUTUMN, "title": "Koulun energiankulutus oppilaiden tutkimuskohteena",
             "description": "Haluamme oppilaiden mittaavan koulun sähkön ja lämmön kulutusta ja keksivän keinoja energiansäästöön. Tarvitsemme mittareita tai dataa ja tehtäviä niiden tulkintaan."},
            {"lang": "sv", "levels": ["grade_7", "grade_8"], "window": SPRING, "title": "Energi och klimat i skolhuset",
             "description": "Eleverna ska undersöka hur mycket energi skolan använder och föreslå åtgärder för att spara energi. Vi behöver mätdata och uppgifter."},
            {"lang": "fi", "levels": ["grade_8", "grade_9"], "window": SPRING, "title": "Energiansäästökampanja fysiikan tunneilla",
             "description": "Ysit ja kasit suunnittelevat koululle energiansäästökampanjan fysiikan energia-jakson yhteydessä. He tarvitsevat oikeaa kulutusdataa ja laskentatehtäviä."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_5", "grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Energiaetsivät – koulun kulutus näkyväksi", "summary": "Sähkön ja lämmön kulutusmittarit luokkaan sekä tutkimustehtävät energiansäästön keinoista.",
             "description": "Oppilaat lukevat koulun kulutusdataa verkkonäkymästä, mittaavat laitteiden sähkönkulutusta ja suunnittelevat säästötoimia. Tehtävät sopivat ympäristöoppiin ja fysiikkaan."},
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9"], "window": SPRING_EARLY,
             "title": "Watti-vahti", "summary": "Kiinteistön sähkö- ja lämpödata avataan oppilaille laskutehtäviksi ja kampanjan pohjaksi.",
             "description": "Yhteistyössä kunnan kiinteistöpalveluiden kanssa oppilaat saavat koulurakennuksensa kulutustiedot ja laskevat, paljonko valaistuksen tai ilmanvaihdon muutokset säästäisivät."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_5", "grade_6", "grade_7", "grade_8"], "window": YEAR,
             "title": "Energidetektiverna", "summary": "Eleverna mäter skolans el- och värmeförbrukning och föreslår sätt att spara energi.",
             "description": "Mätare och en webbvy över skolbyggnadens förbrukning kombineras med forskningsuppgifter. Finns på svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Power Detectives", "summary": "Pupils investigate their school building's electricity and heating data and design an energy-saving campaign.",
             "description": "Plug-in meters and live building data turn energy into a science project. Tasks in Finnish, Swedish and English."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_5", "grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Ilmastokasvatuksen materiaalipankki", "summary": "Videoita ja tehtäviä ilmastonmuutoksesta.",
             "description": "Laaja materiaali ilmastosta, jossa yksi osio käsittelee energiaa. Ei mittauksia eikä koulun omaa dataa."},
        ],
        "related": [],
    },
    {
        "key": "s2", "subjects": ["mother_tongue", "special_support"],
        "label": {"fi": "suomi toisena kielenä", "sv": "finska som andraspråk", "en": "Finnish as a second language"},
        "phrase": {"fi": "S2-oppilaiden sanasto", "sv": "ordförråd för nyanlända", "en": "vocabulary for newcomers"},
        "subject": {"fi": "suomen kielen", "sv": "språket", "en": "language"},
        "needs": [
            {"lang": "fi", "levels": ["grade_3", "grade_4", "grade_5"], "window": AUTUMN, "title": "Koulusanastoa suomen kielen oppijoille",
             "description": "Luokassamme on vasta maahan muuttaneita oppilaita, joiden suomen kieli on alussa. He tarvitsevat koulun arjen ja oppiaineiden sanastoa kuvien ja äänen tuella."},
            {"lang": "fi", "levels": ["grade_7", "grade_8", "grade_9"], "window": SPRING, "title": "S2-oppilaiden oppiaineiden käsitteet",
             "description": "Yläkoulun suomi toisena kielenä -oppilaat putoavat kärryiltä biologian ja historian tunneilla, koska käsitteet ovat vaikeita. Etsimme selkokielistä tukea oppiaineiden sanastoon."},
            {"lang": "en", "levels": ["grade_2", "grade_3", "grade_4"], "window": AUTUMN, "title": "Finnish words for newly arrived children",
             "description": "Several children in our classes have just moved to Finland. They need everyday school vocabulary in Finnish with pictures and audio."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Sanasilta – kuvasanakirja S2-oppilaille", "summary": "Koulun arjen ja oppiaineiden sanasto kuvin ja äänin vasta maahan muuttaneille oppilaille.",
             "description": "Sanasilta opettaa tärkeimmät sanat välitunnista matematiikkaan. Oppilas kuulee sanan ja näkee kuvan, ja tekee pieniä tehtäviä. Käännökset yleisimmille kotikielille."},
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Selkokäsitteet yläkouluun", "summary": "Biologian, historian ja fysiikan keskeiset käsitteet selkosuomeksi ja kuvina.",
             "description": "Käsitekortit ja lyhyet selkokieliset tekstit auttavat kieltä vasta opettelevia ymmärtämään oppiaineiden tunteja. Opettaja jakaa kortit ennen jaksoa."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_2", "grade_3", "grade_4", "grade_5"], "window": YEAR,
             "title": "Ordbron", "summary": "Bildordbok med ljud för nyanlända elever som lär sig finska eller svenska.",
             "description": "Vardagsord i skolan och ämnesord med bilder och uttal. Finns för både finska och svenska som andraspråk."},
            {"lang": "en", "languages": ["en", "fi"], "levels": ["grade_1", "grade_2", "grade_3", "grade_4"], "window": YEAR,
             "title": "WordWay Finnish", "summary": "A picture dictionary with audio that teaches newcomers the Finnish words of school life.",
             "description": "Children hear and match everyday school words, from the canteen to the maths lesson. Instructions in twelve home languages."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Käännösavustin koulun tiedotteisiin", "summary": "Koulun tekstit koneellisesti oppilaan kotikielelle.",
             "description": "Auttaa ymmärtämään tehtävänantoja, mutta ei opeta suomen kieltä."},
        ],
        "related": ["reading"],
    },
    {
        "key": "activity", "subjects": ["physical_education", "wellbeing"],
        "label": {"fi": "liikkuva koulu", "sv": "rörelse i skolan", "en": "active school day"},
        "phrase": {"fi": "välituntiliikunta", "sv": "rörelse på rasterna", "en": "active breaks"},
        "subject": {"fi": "liikunnan", "sv": "gymnastiken", "en": "PE"},
        "needs": [
            {"lang": "fi", "levels": ["grade_3", "grade_4", "grade_5", "grade_6"], "window": AUTUMN, "title": "Lisää liikettä välitunneille",
             "description": "Moni oppilas seisoo välitunnilla paikallaan tai pelaa puhelimella. Etsimme välituntiliikuntaan leikkejä, välineitä tai oppilasvetoisen mallin, joka saa kaikki liikkeelle."},
            {"lang": "sv", "levels": ["grade_1", "grade_2", "grade_3"], "window": SPRING, "title": "Rörelsepauser under lektionerna",
             "description": "Eleverna sitter för länge. Vi vill ha korta rörelsepauser och aktiva raster som passar små barn."},
            {"lang": "fi", "levels": ["grade_7", "grade_8"], "window": SPRING, "title": "Yläkoululaisten istuminen vähemmäksi",
             "description": "Yläkoulun oppilaat istuvat lähes koko koulupäivän. Tarvitsemme taukoliikuntaa ja välituntitoimintaa, joka houkuttelee myös niitä, jotka eivät pidä urheilusta."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Välkkäliiga – oppilaat liikuttajina", "summary": "Välituntiliikunnan malli, jossa koulutetut oppilaat vetävät leikkejä ja pelejä pihalla.",
             "description": "Paketissa on välinesalkku, leikkikortit ja koulutus välkkäohjaajille. Tavoitteena on saada kaikki oppilaat liikkumaan välitunneilla."},
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_5", "grade_6", "grade_7", "grade_8", "grade_9"], "window": SPRING_EARLY,
             "title": "Taukojumppa-appi", "summary": "Kolmen minuutin tauot istumisen katkaisuun oppitunnin keskellä.",
             "description": "Videot ja musiikki ohjaavat lyhyet liikehetket luokassa. Nuorille suunnitellut haasteet, jotka eivät vaadi urheilullisuutta."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["pre_primary", "grade_1", "grade_2", "grade_3"], "window": YEAR,
             "title": "Rörelsepausen", "summary": "Korta rörelsepauser och lekar för raster och lektioner för de yngsta eleverna.",
             "description": "Läraren visar en kort film och klassen rör på sig i tre minuter. Rastlekar med enkel utrustning ingår."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_4", "grade_5", "grade_6", "grade_7", "grade_8"], "window": YEAR,
             "title": "Move Breaks", "summary": "Short movement breaks and playground games that get every pupil moving, not only the sporty ones.",
             "description": "Pupil leaders run games at break time and teachers use three-minute activity videos in lessons. Finnish and Swedish versions."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_3", "grade_4", "grade_5", "grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Askelmittarikisa", "summary": "Luokat kisaavat askelmäärillä älykellojen avulla.",
             "description": "Kilpailu innostaa urheilullisia oppilaita, mutta ei tarjoa välituntitoimintaa."},
        ],
        "related": [],
    },
    {
        "key": "guidance", "subjects": ["guidance", "entrepreneurship"],
        "label": {"fi": "työelämään tutustuminen", "sv": "praktik i arbetslivet", "en": "work experience"},
        "phrase": {"fi": "TET-jakso ja urasuunnittelu", "sv": "PRAO och studievägledning", "en": "career planning"},
        "subject": {"fi": "oppilaanohjauksen", "sv": "studiehandledningen", "en": "guidance"},
        "needs": [
            {"lang": "fi", "levels": ["grade_8"], "window": SPRING, "title": "TET-paikkojen löytäminen kasiluokkalaisille",
             "description": "Kahdeksasluokkalaiset tarvitsevat työelämään tutustumisen paikan keväällä, ja moni jää ilman. Etsimme tapaa yhdistää oppilaat ja paikalliset työnantajat sekä valmistaa oppilaita TET-jaksoon."},
            {"lang": "fi", "levels": ["grade_9"], "window": AUTUMN, "title": "Jatko-opintojen valinta ysillä",
             "description": "Yhdeksäsluokkalaiset eivät tiedä, mitä ammatteja on olemassa. Haluamme urasuunnitteluun välineen, jolla oppilas tutustuu ammatteihin ja koulutuspolkuihin ennen yhteishakua."},
            {"lang": "sv", "levels": ["grade_8", "grade_9"], "window": SPRING, "title": "Arbetslivsorientering och yrkesval",
             "description": "Våra elever behöver hjälp att hitta praoplatser och att förstå vilka yrken och utbildningar som finns efter grundskolan."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "TET-tori – työnantajat ja oppilaat kohtaavat", "summary": "Palvelu, jossa paikalliset yritykset ilmoittavat TET-paikkoja ja oppilaat hakevat niitä opon tuella.",
             "description": "Oppilas tekee profiilin, harjoittelee hakemuksen ja haastattelun, ja opinto-ohjaaja näkee, kuka on vielä ilman paikkaa."},
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_8", "grade_9"], "window": AUTUMN,
             "title": "Ammattipolku", "summary": "Ammatteihin ja toisen asteen koulutuksiin tutustuminen videoiden ja haastattelujen kautta ennen yhteishakua.",
             "description": "Nuoret ammattilaiset kertovat työstään ja oppilas testaa kiinnostuksiaan. Opo saa luokan yhteenvedon ohjauskeskustelujen tueksi."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_8", "grade_9"], "window": YEAR,
             "title": "Praoportalen", "summary": "Lokala arbetsgivare erbjuder praoplatser och eleverna förbereder sig med studiehandledaren.",
             "description": "Portalen samlar praktikplatser i regionen och innehåller övningar för ansökan och intervju. På svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_8", "grade_9"], "window": YEAR,
             "title": "CareerCompass", "summary": "Pupils explore occupations and further study paths through short videos and interest tests before applying to upper secondary.",
             "description": "Includes a module for finding work-experience placements with local employers. Available in Finnish and Swedish."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Yrityskylä-tyyppinen talouspeli", "summary": "Oppilaat pyörittävät kuvitteellista yritystä.",
             "description": "Yrittäjyyskasvatuksen peli opettaa talouden perusteita ja antaa kuvan työelämästä, mutta ei auta TET-paikan löytämisessä."},
        ],
        "related": [],
    },
    {
        "key": "media", "subjects": ["multiliteracy", "social_studies"],
        "label": {"fi": "medialukutaito", "sv": "mediekunskap", "en": "media literacy"},
        "phrase": {"fi": "valeuutisten tunnistaminen", "sv": "källkritik på nätet", "en": "spotting fake news"},
        "subject": {"fi": "yhteiskuntaopin", "sv": "samhällskunskapen", "en": "social studies"},
        "needs": [
            {"lang": "fi", "levels": ["grade_8", "grade_9"], "window": AUTUMN, "title": "Valeuutiset ja lähdekritiikki yhteiskuntaopissa",
             "description": "Oppilaat uskovat somessa näkemäänsä. Haluamme harjoitella valeuutisten ja manipuloitujen kuvien tunnistamista ja lähteiden arviointia oikeilla esimerkeillä."},
            {"lang": "sv", "levels": ["upper_secondary"], "window": SPRING, "title": "Källkritik och desinformation",
             "description": "Gymnasiestuderande behöver träna att granska källor, känna igen desinformation och förstå hur algoritmer styr flödet."},
            {"lang": "en", "levels": ["grade_7", "grade_8"], "window": AUTUMN, "title": "Checking what you read online",
             "description": "Our pupils share misleading videos without checking them. We need lessons on source criticism and recognising misinformation."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9", "upper_secondary"], "window": YEAR,
             "title": "Faktantarkistajat", "summary": "Oppilaat tarkistavat somepostauksia, kuvia ja videoita ja harjoittelevat lähteiden luotettavuuden arviointia.",
             "description": "Tehtävät perustuvat oikeisiin suomalaisiin disinformaatioesimerkkeihin. Mukana kuvien käänteishaku ja algoritmien toiminta."},
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_8", "grade_9", "upper_secondary"], "window": AUTUMN_LATE,
             "title": "Huijausko? – harhaanjohtavan tiedon tunnistaminen", "summary": "Pelillinen kurssi, jossa nuori erottaa luotettavan tiedon manipuloidusta.",
             "description": "Pelaaja toimittaa uutissivua ja päättää, mitkä jutut julkaistaan. Jokaisen valinnan jälkeen käydään läpi, mistä virheellisen tiedon tunnistaa."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_9", "upper_secondary"], "window": YEAR,
             "title": "Granskarna", "summary": "Övningar i källkritik där studerande granskar inlägg, bilder och filmer och känner igen desinformation.",
             "description": "Materialet visar hur algoritmer styr flödet och hur man kontrollerar en källa. På svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_7", "grade_8", "grade_9", "upper_secondary"], "window": YEAR,
             "title": "FactCheck Academy", "summary": "Lessons where pupils verify posts, images and videos and learn to recognise misinformation.",
             "description": "Reverse image search, lateral reading and how recommendation algorithms work. Finnish and Swedish versions."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9", "upper_secondary"], "window": YEAR,
             "title": "Uutisvideot nuorille", "summary": "Viikoittainen uutiskatsaus nuorille.",
             "description": "Selkeät uutisvideot ajankohtaisista aiheista. Ei varsinaisia lähdekritiikin harjoituksia."},
        ],
        "related": [],
    },
    {
        "key": "times_tables", "subjects": ["mathematics"],
        "label": {"fi": "kertotaulut", "sv": "multiplikationstabellerna", "en": "times tables"},
        "phrase": {"fi": "kertotaulujen harjoittelu", "sv": "träning i multiplikationstabellerna", "en": "practising times tables"},
        "subject": {"fi": "matematiikan", "sv": "matematiken", "en": "maths"},
        "needs": [
            {"lang": "fi", "levels": ["grade_2", "grade_3"], "window": SPRING, "title": "Kertotaulut sujuviksi",
             "description": "Kolmosilla kertotaulut ovat vielä hataria, ja se hidastaa kaikkea muuta matematiikkaa. Etsimme hauskaa tapaa harjoitella kertotauluja ja päässälaskua päivittäin."},
            {"lang": "sv", "levels": ["grade_3", "grade_4"], "window": AUTUMN, "title": "Multiplikationstabellerna och huvudräkning",
             "description": "Eleverna behöver automatisera multiplikationstabellerna. Vi söker en daglig träning som anpassar sig till varje elev."},
            {"lang": "fi", "levels": ["grade_4"], "window": AUTUMN, "title": "Päässälaskun automatisointi nelosilla",
             "description": "Neloset laskevat kertolaskut sormilla. Haluamme lyhyitä päivittäisiä harjoituksia, joilla kertolaskut ja jakolaskut automatisoituvat."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_2", "grade_3", "grade_4"], "window": YEAR,
             "title": "Kertotaulukisa", "summary": "Päivittäinen viiden minuutin kertotaulujen harjoittelu, joka mukautuu oppilaan tasoon.",
             "description": "Oppilas harjoittelee kertotauluja ja niihin liittyviä jakolaskuja pelinä. Opettaja näkee, mitkä taulut ovat vielä hallussa ja mitkä eivät."},
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_2", "grade_3", "grade_4", "grade_5"], "window": SPRING_EARLY,
             "title": "Laskumestari – päässälaskun sujuvuus", "summary": "Lyhyet päivittäiset kertolasku- ja jakolaskuharjoitukset automatisointiin.",
             "description": "Harjoitukset toistuvat sopivin välein, kunnes laskutoimitukset muuttuvat automaattisiksi. Tulostettavat taulukot kotiin."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_2", "grade_3", "grade_4"], "window": YEAR,
             "title": "Gångerspelet", "summary": "Eleverna tränar multiplikationstabellerna och huvudräkning några minuter om dagen.",
             "description": "Spelet anpassar sig till vilka tabeller eleven redan kan. Finns på svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_2", "grade_3", "grade_4"], "window": YEAR,
             "title": "Times Table Rally", "summary": "Five minutes of daily times-tables and mental arithmetic practice that adapts to each pupil.",
             "description": "Spaced repetition until multiplication and division facts are automatic. Finnish and Swedish versions."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_1", "grade_2", "grade_3", "grade_4", "grade_5", "grade_6"], "window": YEAR,
             "title": "Matikkavideot alakouluun", "summary": "Opetusvideot alakoulun matematiikan aiheista.",
             "description": "Videot selittävät myös kertolaskun idean, mutta eivät tarjoa toistuvaa harjoittelua."},
        ],
        "related": ["fractions"],
    },
    {
        "key": "emotions", "subjects": ["wellbeing"],
        "label": {"fi": "tunnetaidot", "sv": "känslor", "en": "emotional skills"},
        "phrase": {"fi": "tunnetaitojen harjoittelu", "sv": "att sätta ord på känslor", "en": "naming feelings"},
        "subject": {"fi": "hyvinvoinnin", "sv": "välmåendet", "en": "wellbeing"},
        "needs": [
            {"lang": "fi", "levels": ["ece", "pre_primary"], "window": AUTUMN, "title": "Tunnetaidot päiväkodin arkeen",
             "description": "Päiväkodin lapset riitelevät ja heillä on vaikeuksia nimetä tunteitaan. Etsimme leikkejä, kuvia tai tarinoita tunnetaitojen harjoitteluun pienryhmissä."},
            {"lang": "sv", "levels": ["pre_primary", "grade_1"], "window": SPRING, "title": "Känslor och vänskap i förskolan",
             "description": "Barnen behöver träna att sätta ord på känslor och lösa konflikter. Vi söker bilder, sagor eller lekar för små grupper."},
            {"lang": "fi", "levels": ["grade_1", "grade_2"], "window": SPRING, "title": "Tunteiden sanoittaminen alkuopetuksessa",
             "description": "Ykkös- ja kakkosluokkalaiset tarvitsevat apua tunteiden tunnistamiseen ja rauhoittumiseen. Haluamme lyhyitä päivittäisiä tunnetaitoharjoituksia."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["ece", "pre_primary", "grade_1"], "window": YEAR,
             "title": "Tunnemetsä – tunnetaitoja leikkien", "summary": "Tarinat, kuvakortit ja leikit, joilla pienet lapset oppivat nimeämään tunteita ja ratkaisemaan riitoja.",
             "description": "Metsän eläinhahmot kertovat ilosta, surusta ja kiukusta. Kasvattaja ohjaa pienryhmän tuokion valmiilla kortilla."},
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_1", "grade_2", "grade_3"], "window": SPRING_EARLY,
             "title": "Rauhoittumisen hetket", "summary": "Päivittäiset tuokiot, joissa oppilaat tunnistavat olotilansa ja harjoittelevat rauhoittumista.",
             "description": "Tunnemittari luokan seinälle ja lyhyet hengitysharjoitukset. Sopii alkuopetukseen."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["ece", "pre_primary", "grade_1", "grade_2"], "window": YEAR,
             "title": "Känslostigen", "summary": "Sagor och bildkort som hjälper barn att sätta ord på känslor och lösa konflikter.",
             "description": "Pedagogen leder korta stunder i små grupper. Materialet finns på svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["ece", "pre_primary", "grade_1", "grade_2"], "window": YEAR,
             "title": "Feelings Friends", "summary": "Stories, picture cards and games that help young children name feelings and calm down.",
             "description": "Short daily sessions for small groups, led by the educator. Finnish and Swedish versions."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["ece", "pre_primary", "grade_1", "grade_2"], "window": YEAR,
             "title": "Satutunti-äänikirjat", "summary": "Äänikirjoja päiväkodin lepohetkeen.",
             "description": "Tarinoissa käsitellään välillä tunteita, mutta ohjattua harjoittelua ei ole."},
        ],
        "related": ["bullying"],
    },
    {
        "key": "chemistry_lab", "subjects": ["chemistry"],
        "label": {"fi": "kemian työt", "sv": "laborationer i kemi", "en": "chemistry practicals"},
        "phrase": {"fi": "kemian laboratoriotyöt", "sv": "kemilaborationer", "en": "chemistry lab work"},
        "subject": {"fi": "kemian", "sv": "kemin", "en": "chemistry"},
        "needs": [
            {"lang": "fi", "levels": ["grade_8", "grade_9"], "window": AUTUMN, "title": "Kemian laboratoriotyöt ilman laboratoriota",
             "description": "Koulumme kemian luokka on remontissa koko syksyn. Tarvitsemme tavan tehdä kemian töitä ja kokeita turvallisesti, esimerkiksi virtuaalisesti tai luokassa toimivilla välineillä."},
            {"lang": "sv", "levels": ["upper_secondary"], "window": SPRING, "title": "Laborationer i gymnasiekemin",
             "description": "Vi har få laborationstimmar och vill att studerande förbereder sig inför laborationerna och övar säkerhet och mätningar virtuellt."},
            {"lang": "en", "levels": ["grade_7", "grade_8"], "window": AUTUMN, "title": "Safe first chemistry experiments",
             "description": "Our pupils have never done chemistry experiments. We need safe practical work and lab safety training for beginners."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_7", "grade_8", "grade_9", "upper_secondary"], "window": YEAR,
             "title": "Virtuaalilabra – kemian kokeet selaimessa", "summary": "Oppilaat tekevät kemian laboratoriotöitä virtuaalisesti: titraukset, reaktiot ja turvallisuusohjeet.",
             "description": "Labrassa voi sekoittaa, lämmittää ja mitata vaarattomasti. Työohjeet seuraavat yläkoulun ja lukion kemian sisältöjä."},
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9"], "window": AUTUMN,
             "title": "Keittiökemian tutkimuslaatikko", "summary": "Turvalliset kokeet tavallisessa luokassa arjen aineilla.",
             "description": "Laatikko sisältää välineet ja ohjeet happojen ja emästen, liukoisuuden ja reaktionopeuden tutkimiseen ilman vetokaappia."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_9", "upper_secondary"], "window": YEAR,
             "title": "Virtuella kemilabbet", "summary": "Studerande förbereder laborationer, tränar säkerhet och utför titreringar virtuellt.",
             "description": "Passar gymnasiets kemikurser. På svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "LabSafe Starter Kit", "summary": "Safe first chemistry experiments and lab-safety training for beginners, in an ordinary classroom.",
             "description": "Acids and bases, dissolving and reaction speed with household materials. Finnish and Swedish worksheets."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_7", "grade_8", "grade_9", "upper_secondary"], "window": YEAR,
             "title": "Jaksollinen järjestelmä -sovellus", "summary": "Alkuaineiden tiedot ja visat.",
             "description": "Kertaa kemian perusteita, mutta ei sisällä kokeita tai laboratoriotöitä."},
        ],
        "related": [],
    },
    {
        "key": "food_waste", "subjects": ["home_economics", "sustainability"],
        "label": {"fi": "ruokahävikki", "sv": "matsvinn", "en": "food waste"},
        "phrase": {"fi": "ruokahävikin vähentäminen", "sv": "minskat matsvinn", "en": "reducing food waste"},
        "subject": {"fi": "kotitalouden", "sv": "huslig ekonomi", "en": "home economics"},
        "needs": [
            {"lang": "fi", "levels": ["grade_7", "grade_8", "grade_9"], "window": SPRING, "title": "Ruokahävikki kotitaloustunneilla",
             "description": "Kotitalouden tunneilla haluamme opettaa, miten ruokahävikkiä vähennetään: suunnittelu, säilytys ja tähteiden hyödyntäminen. Lisäksi voisimme mitata koulun ruokalan biojätettä."},
            {"lang": "sv", "levels": ["grade_7", "grade_8"], "window": AUTUMN, "title": "Matsvinn i skolmatsalen",
             "description": "Eleverna ska mäta hur mycket mat som slängs i skolmatsalen och hitta sätt att minska matsvinnet."},
            {"lang": "fi", "levels": ["grade_5", "grade_6"], "window": AUTUMN, "title": "Kouluruokalan hävikkiseuranta",
             "description": "Viides ja kuudes luokka haluaa seurata kouluruokalan lautashävikkiä ja kampanjoida sen vähentämiseksi."},
        ],
        "fits": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_5", "grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Hävikkivahti – lautashävikin mittaus", "summary": "Vaaka ja sovellus, joilla oppilaat mittaavat ruokalan biojätettä ja suunnittelevat kampanjan ruokahävikin vähentämiseksi.",
             "description": "Oppilaat punnitsevat päivittäin ruokalan jätteen ja näkevät kehityksen kuvaajana. Tehtäväpaketti kotitalouteen ja ympäristöoppiin."},
            {"lang": "fi", "languages": ["fi", "sv"], "levels": ["grade_7", "grade_8", "grade_9"], "window": SPRING_EARLY,
             "title": "Tähteistä herkuiksi", "summary": "Kotitalouden tuntien kokonaisuus ruoan suunnittelusta, säilytyksestä ja ylijäämäruoan hyödyntämisestä.",
             "description": "Reseptit, säilytyskokeet ja jääkaappipeli. Oppilaat laskevat, paljonko rahaa ja hiilidioksidia säästyy."},
            {"lang": "sv", "languages": ["sv", "fi"], "levels": ["grade_5", "grade_6", "grade_7", "grade_8"], "window": YEAR,
             "title": "Svinnkollen", "summary": "Eleverna väger matavfallet i skolmatsalen och planerar en kampanj för att minska matsvinnet.",
             "description": "Våg, app och uppgifter för huslig ekonomi. På svenska och finska."},
            {"lang": "en", "languages": ["en", "fi", "sv"], "levels": ["grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "WasteWatchers", "summary": "Pupils weigh canteen plate waste, track it over time and run a campaign to cut food waste.",
             "description": "Includes cooking lessons on planning and using leftovers. Finnish and Swedish versions."},
        ],
        "partial": [
            {"lang": "fi", "languages": ["fi"], "levels": ["grade_5", "grade_6", "grade_7", "grade_8", "grade_9"], "window": YEAR,
             "title": "Reseptipankki kotitalouteen", "summary": "Satoja reseptejä kotitalouden tunneille.",
             "description": "Reseptit on luokiteltu vaikeuden mukaan, ja osa käyttää tähteitä."},
        ],
        "related": [],
    },
]

# Decoys: (purpose, language) -> templates. {label}, {phrase} and {subject} are the topic's words.
DECOYS: dict[str, dict[str, list[tuple[str, str, str]]]] = {
    "timetable": {
        "fi": [("Lukkari – lukujärjestykset ja jaksosuunnittelu", "Rakenna {subject} tuntien lukujärjestys, tilavaraukset ja sijaisuudet yhdessä näkymässä.",
                "Rehtori ja opettajat sijoittavat tunnit ja jaksot kalenteriin, esimerkiksi jakson, jonka aiheena on {phrase}. Ohjelma huomioi luokkatilat ja opettajien työajan. Oppilaille ei ole sisältöä: työkalu on koulun ajankäytön suunnitteluun."),
               ("Jaksokone", "Aikatauluta {subject} jaksot ja kurssit koko lukuvuodeksi.",
                "Kun aiheena on {label}, Jaksokone varaa tunnit, tilat ja välineet automaattisesti. Opettaja näkee, milloin oppilaat ovat tunnilla ja milloin luokka on vapaana.")],
        "sv": [("Schemaläggaren", "Planera schemat för {subject}: lektioner, salar och vikarier i en vy.",
                "Rektorn och lärarna placerar lektioner och perioder i kalendern, till exempel en period om {label}. Inget material för eleverna: verktyget planerar skolans tid.")],
        "en": [("TimetablePro", "Build the {subject} timetable, room bookings and cover lessons in one view.",
                "School leaders schedule lessons and blocks, for example a unit on {label}. No learning content for pupils: it plans the school's time.")],
    },
    "parents": {
        "fi": [("Kotiviesti – viestit huoltajille", "Kerro kotiin, mitä {subject} tunneilla opitaan ja miten oppilaat harjoittelevat.",
                "Opettaja lähettää huoltajille viikkokirjeen ja kuvia luokasta, esimerkiksi kun aiheena on {phrase}. Huoltajat kuittaavat viestit ja ilmoittavat poissaoloista. Oppilaille sovelluksessa ei ole tehtäviä."),
               ("Huoltajaportaali", "Viestit, tiedotteet ja vanhempainillat yhdessä paikassa.",
                "Opettaja kertoo huoltajille viikon aiheista, kuten {label}, ja jakaa vinkkejä kotona harjoitteluun. Mukana käännökset kotikielille ja lukukuittaukset.")],
        "sv": [("Hemkontakt", "Berätta för vårdnadshavarna vad eleverna lär sig i {subject}.",
                "Läraren skickar veckobrev och bilder hem, till exempel när klassen arbetar med {label}. Vårdnadshavarna kvitterar meddelanden och anmäler frånvaro.")],
        "en": [("ParentLink", "Tell parents what pupils learn in {subject} and how they practise.",
                "Teachers send weekly letters and photos home, for example during a unit on {label}. Parents acknowledge messages and report absences. No tasks for pupils.")],
    },
    "staff": {
        "fi": [("Jaksamo – opettajien työhyvinvointi", "Kysely ja valmennus opettajien kuormituksen tunnistamiseen.",
                "Opettajat vastaavat lyhyeen kyselyyn työn kuormittavuudesta, myös {subject} opetuksen ja oppilaiden tukemisen osalta. Rehtori saa yhteenvedon ja työhyvinvoinnin kehittämissuunnitelman. Ei oppilaille."),
               ("Opehuone", "Vertaismentorointia opettajille, jotka opettavat aihetta {label}.",
                "Kokeneet kollegat jakavat, miten he jaksavat arjessa ja rajaavat työtään. Keskustelut käydään verkossa kerran kuussa.")],
        "sv": [("Lärarork", "Enkät och coachning om lärarnas arbetsbelastning.",
                "Lärarna svarar på frågor om stress i arbetet, också i undervisningen om {label}. Rektorn får en sammanfattning och en plan för arbetshälsan.")],
        "en": [("TeacherThrive", "Wellbeing surveys and coaching for teaching staff.",
                "Teachers report their workload, including lessons on {label}, and leaders get a staff wellbeing plan. Not for pupils.")],
    },
    "devices": {
        "fi": [("Laitevuokraamo – tabletit ja kannettavat kouluille", "Oppilaiden laitteet leasingilla, huolto ja vakuutus samassa sopimuksessa.",
                "Vuokraamme tabletteja ja kannettavia luokille, myös {subject} tunneille ja sovelluksiin, joissa aiheena on {label}. Laitteet vaihdetaan kolmen vuoden välein. Sopimus sisältää huollon ja laitehallinnan."),
               ("Tablettitakuu", "Kiinteä kuukausimaksu luokan tableteista.",
                "Tabletit toimitetaan valmiiksi asennettuina, jolloin oppilaat pääsevät heti harjoittelemaan esimerkiksi aihetta {label}. Rikkoutuneet laitteet vaihdetaan seuraavana päivänä.")],
        "sv": [("Enhetsleasing", "Surfplattor och datorer för eleverna som leasing med service.",
                "Vi hyr ut surfplattor till klasserna, också för lektioner i {subject} och appar om {label}. Enheterna byts vart tredje år.")],
        "en": [("DeviceLease", "Tablets and laptops for pupils on a lease with repairs included.",
                "We lease devices to classes, also for {subject} lessons and apps about {label}. Devices are replaced every three years.")],
    },
    "adaptive": {
        "fi": [("Oivaltaja – tekoälypohjainen adaptiivinen oppimisalusta", "Mullistava adaptiivinen oppimisalusta, joka personoi oppimisen jokaiselle oppilaalle.",
                "Tekoälymme analysoi oppimisdataa ja optimoi oppimispolut kaikissa oppiaineissa, myös {subject} ja aiheissa kuten {label}. Alusta integroituu koulun järjestelmiin. Sisällöt koulu tuo itse."),
               ("Oppimisen tulevaisuus -alusta", "Personoitu, datavetoinen ja adaptiivinen oppiminen kaikille.",
                "Alusta skaalautuu koko kuntaan ja tarjoaa analytiikkaa oppimisesta. Esimerkkinä {phrase}: opettaja lataa omat materiaalinsa ja alusta mukauttaa niiden järjestyksen.")],
        "sv": [("LärAI", "En adaptiv lärplattform som personaliserar lärandet för varje elev.",
                "Vår AI optimerar lärstigar i alla ämnen, också {subject} och teman som {label}. Skolan laddar upp sitt eget innehåll.")],
        "en": [("LearnSphere AI", "A revolutionary adaptive learning platform that personalises learning for every pupil.",
                "Our AI optimises learning paths across all subjects, including {subject} and topics like {label}. Schools bring their own content.")],
    },
    "assessment": {
        "fi": [("Arviointiapuri – todistukset ja arviointimerkinnät", "Opettajan arviointimerkinnät ja todistusten tuottaminen nopeasti.",
                "Opettaja kirjaa {subject} arvosanat ja sanalliset arviot, esimerkiksi aiheesta {label}, ja ohjelma tuottaa todistukset. Tulokset siirtyvät oppilashallintoon."),
               ("Koetehdas", "Kokeiden kokoaminen ja tulostaminen.",
                "Opettaja kokoaa kokeen tehtäväpohjista, esimerkiksi aiheesta {label}, ja tulostaa sen. Pisteet kirjataan taulukkoon arviointia varten.")],
        "sv": [("Bedömningsverktyget", "Betyg, omdömen och betygsutskrift på ett ställe.",
                "Läraren för in betyg och omdömen i {subject}, till exempel om {label}, och verktyget skriver ut betygen.")],
        "en": [("GradeDesk", "Grades, written assessments and report cards in one place.",
                "Teachers record {subject} grades and comments, for example on {label}, and the tool prints report cards.")],
    },
}
# fmt: on

MUNICIPALITIES = ["espoo", "helsinki", "vantaa", "tampere", "turku", "porvoo", "vaasa", "oulu"]


def _feasible(need: dict, proposal: dict) -> bool:
    if not set(need["levels"]) & set(proposal["levels"]) or need["language"] not in proposal["languages"]:
        return False
    first = max(date.fromisoformat(need["starts_on"]), date.fromisoformat(proposal["starts_on"]))
    last = min(date.fromisoformat(need["ends_on"]), date.fromisoformat(proposal["ends_on"]))
    if (last - first).days + 1 < 21:
        return False
    local = not proposal["municipalities"] or need["municipality"] in proposal["municipalities"]
    return {"onsite": local, "remote": need["accepts_remote"], "hybrid": need["accepts_remote"] or local}[
        proposal["delivery"]
    ]


def build() -> dict:
    """The whole set as a JSON-ready dictionary."""
    rng = random.Random(SEED)
    needs: list[dict] = []
    proposals: list[dict] = []  # with private "_topic" and "_kind" until graded
    local_only = 0
    for t_index, topic in enumerate(TOPICS):
        need_langs = [n["lang"] for n in topic["needs"]]
        for n in topic["needs"]:
            # Every third Finnish need takes only on-site or hybrid pilots in its own municipality.
            remote = n["lang"] != "fi" or local_only % 3 != 2
            local_only += n["lang"] == "fi"
            municipality = MUNICIPALITIES[len(needs) % len(MUNICIPALITIES)]
            needs.append(
                {
                    "title": n["title"],
                    "description": n["description"],
                    "subjects": topic["subjects"],
                    "levels": n["levels"],
                    "language": n["lang"],
                    "starts_on": n["window"][0],
                    "ends_on": n["window"][1],
                    "municipality": municipality,
                    "accepts_remote": remote,
                    "_topic": topic["key"],
                }
            )
        for kind, items in (("fit", topic["fits"]), ("partial", topic["partial"])):
            for i, p in enumerate(items):
                # Fits are delivered remotely or as hybrids anywhere; one per topic on site in two towns.
                onsite = kind == "fit" and i == 1
                languages = list(p["languages"])
                if kind == "fit" and i == 0 and "en" in need_langs and "en" not in languages:
                    languages.append("en")  # a Finnish product that also comes in English
                proposals.append(
                    {
                        "title": p["title"],
                        "summary": p["summary"],
                        "description": p["description"],
                        "subjects": topic["subjects"],
                        "levels": p["levels"],
                        "languages": languages,
                        "starts_on": p["window"][0],
                        "ends_on": p["window"][1],
                        "delivery": "onsite" if onsite else rng.choice(["remote", "hybrid"]),
                        "municipalities": rng.sample(MUNICIPALITIES, 3) if onsite else [],
                        "capacity_left": rng.randint(1, 8),
                        "_topic": topic["key"],
                        "_kind": kind,
                        "_text_language": p["lang"],
                    }
                )
        # Decoys: one per purpose, in the languages of the topic's needs in turn, covering its levels.
        levels = sorted({lv for n in topic["needs"] for lv in n["levels"]})
        for d_index, (purpose, by_lang) in enumerate(DECOYS.items()):
            lang = need_langs[(d_index + t_index) % len(need_langs)]
            title, summary, description = rng.choice(by_lang[lang])
            words = {k: topic[k][lang] for k in ("label", "phrase", "subject")}
            proposals.append(
                {
                    "title": title,
                    "summary": summary.format(**words),
                    "description": description.format(**words),
                    "subjects": topic["subjects"],
                    "levels": levels,
                    "languages": ["fi", "sv", "en"],
                    "starts_on": YEAR[0],
                    "ends_on": YEAR[1],
                    "delivery": "hybrid",
                    "municipalities": [],
                    "capacity_left": rng.randint(2, 20),
                    "_topic": topic["key"],
                    "_kind": "decoy:" + purpose,
                    "_text_language": lang,
                }
            )
    rng.shuffle(proposals)
    for i, p in enumerate(proposals, start=1):
        p["id"] = i
    related = {t["key"]: set(t["related"]) for t in TOPICS}
    for i, n in enumerate(needs, start=1001):
        n["id"] = i
        judgments: dict[str, int] = {}
        for p in proposals:
            if not _feasible(n, p) or p["_kind"].startswith("decoy"):
                continue
            if p["_topic"] == n["_topic"]:
                covers = set(n["levels"]) <= set(p["levels"])
                grade = 2 if p["_kind"] == "fit" and covers else 1
            elif p["_topic"] in related[n["_topic"]] and p["_kind"] == "fit":
                grade = 1
            else:
                continue
            judgments[str(p["id"])] = grade
        n["judgments"] = dict(sorted(judgments.items(), key=lambda kv: int(kv[0])))
    for p in proposals:
        p["note"] = f"{p.pop('_topic')} {p.pop('_kind')} ({p.pop('_text_language')})"
    for n in needs:
        n["note"] = n.pop("_topic")
    return {
        "about": (
            "Harder evaluation set for the matching engine, generated by benchmarks/make_matching_eval_hard.py "
            "(seeded). Needs and proposals in Finnish, Swedish and English; graded 2 = built for the need's "
            "actual problem, for that group; 1 = partly useful; unlisted 0. Decoys pass every hard constraint "
            "and share the need's subject codes and vocabulary but serve another purpose (timetabling, messages "
            "to parents, staff wellbeing, device leasing, adaptive-platform buzzwords, assessment paperwork). "
            "'note' says what each item is, for people reading the set; the engine never sees it."
        ),
        "proposals": [{k: p[k] for k in ["id", *[k for k in p if k != "id"]]} for p in proposals],
        "needs": [{k: n[k] for k in ["id", *[k for k in n if k != "id"]]} for n in needs],
    }


def main() -> None:
    """Write the file and print its size."""
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    graded = [g for n in data["needs"] for g in n["judgments"].values()]
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(data['needs'])} needs, {len(data['proposals'])} proposals, "
        f"{graded.count(2)} pairs graded 2 and {graded.count(1)} graded 1"
    )


if __name__ == "__main__":
    main()
