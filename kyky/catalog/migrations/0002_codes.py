"""The code lists of DESIGN §7, with names in Finnish, Swedish and English."""

from django.db import migrations

SUBJECTS = [
    ("mother_tongue", "Äidinkieli ja kirjallisuus", "Modersmål och litteratur", "Mother tongue and literature"),
    ("second_national_language", "Toinen kotimainen kieli", "Det andra inhemska språket", "Second national language"),
    ("foreign_languages", "Vieraat kielet", "Främmande språk", "Foreign languages"),
    ("mathematics", "Matematiikka", "Matematik", "Mathematics"),
    ("environmental_studies", "Ympäristöoppi", "Omgivningslära", "Environmental studies"),
    ("biology", "Biologia", "Biologi", "Biology"),
    ("geography", "Maantieto", "Geografi", "Geography"),
    ("physics", "Fysiikka", "Fysik", "Physics"),
    ("chemistry", "Kemia", "Kemi", "Chemistry"),
    ("health_education", "Terveystieto", "Hälsokunskap", "Health education"),
    ("history", "Historia", "Historia", "History"),
    ("social_studies", "Yhteiskuntaoppi", "Samhällslära", "Social studies"),
    ("religion_ethics", "Uskonto ja elämänkatsomustieto", "Religion och livsåskådningskunskap", "Religion and ethics"),
    ("music", "Musiikki", "Musik", "Music"),
    ("visual_arts", "Kuvataide", "Bildkonst", "Visual arts"),
    ("crafts", "Käsityö", "Slöjd", "Crafts"),
    ("physical_education", "Liikunta", "Gymnastik", "Physical education"),
    ("home_economics", "Kotitalous", "Huslig ekonomi", "Home economics"),
    ("guidance", "Oppilaanohjaus", "Elevhandledning", "Guidance counselling"),
    ("digital_competence", "Digitaalinen osaaminen", "Digital kompetens", "Digital competence"),
    ("wellbeing", "Hyvinvointi", "Välbefinnande", "Wellbeing"),
    ("sustainability", "Kestävä kehitys", "Hållbar utveckling", "Sustainability"),
    ("entrepreneurship", "Yrittäjyys", "Entreprenörskap", "Entrepreneurship"),
    ("multiliteracy", "Monilukutaito", "Multilitteracitet", "Multiliteracy"),
    ("special_support", "Erityinen tuki", "Särskilt stöd", "Special support"),
]

LEVELS = [
    ("ece", "Varhaiskasvatus (1–5 v)", "Småbarnspedagogik (1–5 år)", "Early childhood education (ages 1–5)"),
    ("pre_primary", "Esiopetus (6 v)", "Förskoleundervisning (6 år)", "Pre-primary education (age 6)"),
    *[(f"grade_{n}", f"{n}. luokka", f"Årskurs {n}", f"Grade {n}") for n in range(1, 10)],
    ("upper_secondary", "Lukio", "Gymnasium", "General upper secondary"),
    ("vocational", "Ammatillinen koulutus", "Yrkesutbildning", "Vocational education"),
]

LANGUAGES = [
    ("fi", "suomi", "finska", "Finnish"),
    ("sv", "ruotsi", "svenska", "Swedish"),
    ("en", "englanti", "engelska", "English"),
]

MUNICIPALITIES = [
    ("espoo", "Espoo", "Esbo", "Espoo"),
    ("helsinki", "Helsinki", "Helsingfors", "Helsinki"),
    ("vantaa", "Vantaa", "Vanda", "Vantaa"),
    ("kauniainen", "Kauniainen", "Grankulla", "Kauniainen"),
    ("kirkkonummi", "Kirkkonummi", "Kyrkslätt", "Kirkkonummi"),
    ("vihti", "Vihti", "Vichtis", "Vihti"),
    ("lohja", "Lohja", "Lojo", "Lohja"),
    ("siuntio", "Siuntio", "Sjundeå", "Siuntio"),
    ("inkoo", "Inkoo", "Ingå", "Inkoo"),
    ("raasepori", "Raasepori", "Raseborg", "Raseborg"),
    ("hanko", "Hanko", "Hangö", "Hanko"),
    ("tuusula", "Tuusula", "Tusby", "Tuusula"),
    ("kerava", "Kerava", "Kervo", "Kerava"),
    ("jarvenpaa", "Järvenpää", "Träskända", "Järvenpää"),
    ("nurmijarvi", "Nurmijärvi", "Nurmijärvi", "Nurmijärvi"),
    ("sipoo", "Sipoo", "Sibbo", "Sipoo"),
    ("porvoo", "Porvoo", "Borgå", "Porvoo"),
    ("hyvinkaa", "Hyvinkää", "Hyvinge", "Hyvinkää"),
    ("loviisa", "Loviisa", "Lovisa", "Loviisa"),
    ("tampere", "Tampere", "Tammerfors", "Tampere"),
    ("turku", "Turku", "Åbo", "Turku"),
    ("oulu", "Oulu", "Uleåborg", "Oulu"),
    ("jyvaskyla", "Jyväskylä", "Jyväskylä", "Jyväskylä"),
    ("kuopio", "Kuopio", "Kuopio", "Kuopio"),
    ("lahti", "Lahti", "Lahtis", "Lahti"),
    ("pori", "Pori", "Björneborg", "Pori"),
    ("joensuu", "Joensuu", "Joensuu", "Joensuu"),
    ("lappeenranta", "Lappeenranta", "Villmanstrand", "Lappeenranta"),
    ("hameenlinna", "Hämeenlinna", "Tavastehus", "Hämeenlinna"),
    ("vaasa", "Vaasa", "Vasa", "Vaasa"),
    ("seinajoki", "Seinäjoki", "Seinäjoki", "Seinäjoki"),
    ("rovaniemi", "Rovaniemi", "Rovaniemi", "Rovaniemi"),
    ("kotka", "Kotka", "Kotka", "Kotka"),
    ("mikkeli", "Mikkeli", "S:t Michel", "Mikkeli"),
    ("kokkola", "Kokkola", "Karleby", "Kokkola"),
    ("salo", "Salo", "Salo", "Salo"),
    ("pietarsaari", "Pietarsaari", "Jakobstad", "Jakobstad"),
    ("mariehamn", "Maarianhamina", "Mariehamn", "Mariehamn"),
]

TABLES = {"Subject": SUBJECTS, "Level": LEVELS, "Language": LANGUAGES, "Municipality": MUNICIPALITIES}


def create_codes(apps, schema_editor):
    for model_name, rows in TABLES.items():
        model = apps.get_model("catalog", model_name)
        for position, (code, fi, sv, en) in enumerate(rows):
            model.objects.update_or_create(
                code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(create_codes, migrations.RunPython.noop)]
