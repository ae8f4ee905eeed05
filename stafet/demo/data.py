"""The demo's fixed data: its names, places, organisations, logins and job titles (the programmes are in
the modules named after them)."""

import base64
import datetime

from stafet.organisations.models import Role

SEED = 2016
DEMO_PASSWORD = "stafet-demo"  # demo only: printed by load_demo, never for real data
# The demo staff's authenticator secret (base32, as an app takes it), published in the README like the password:
# add it to an authenticator app, or print the current code with `stafet demo_code <login>`.
DEMO_TOTP_SECRET = "STAFETDEMOSTAFETDEMOSTAFETDEMO22"
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET).hex()  # as django-otp stores it
# The demo's "now": follow-up calls due before it are done (except the overdue ones), meetings end here.
DEMO_TODAY = datetime.date(2026, 11, 20)

P1 = "Erhvervsmentorkorps"
P2 = "Hjælp en flygtning NU"
P3 = "To mentorer"
P4 = "Talentprogram Aarhus"
PROGRAMME_NAMES = (P1, P2, P3, P4)

NYDANSKER = "Foreningen Nydansker"
RED_CROSS = "Dansk Røde Kors"
PLUSS = "Pluss"
NORDLYS = "Nordlys IT A/S"
BALLERUP_DATA = "Ballerup Data A/S"

# code -> job centre organisation name
MUNICIPALITIES = {
    "0101": "Jobcenter København",
    "0173": "Jobcenter Lyngby-Taarbæk",
    "0159": "Jobcenter Gladsaxe",
    "0151": "Jobcenter Ballerup",
    "0250": "Jobcenter Frederikssund",
    "0265": "Jobcenter Roskilde",
    "0751": "Jobcenter Aarhus",
    "0851": "Jobcenter Aalborg",
    "0461": "Jobcenter Odense",
    "0730": "Jobcenter Randers",
    "0740": "Jobcenter Silkeborg",
    "0657": "Jobcenter Herning",
    "0630": "Jobcenter Vejle",
    "0615": "Jobcenter Horsens",
    "0791": "Jobcenter Viborg",
    "0561": "Jobcenter Esbjerg",
    "0621": "Jobcenter Kolding",
}
KBH, LYNGBY, GLADSAXE, BALLERUP, FREDERIKSSUND, ROSKILDE, AARHUS = (
    "0101",
    "0173",
    "0159",
    "0151",
    "0250",
    "0265",
    "0751",
)
P2_MUNICIPALITIES = [
    "0751",
    "0851",
    "0461",
    "0730",
    "0740",
    "0657",
    "0630",
    "0615",
    "0791",
    "0561",
    "0621",
    "0101",
    "0173",
]

# Homes: postcodes preferred per municipality (residential areas); any postcode of the municipality otherwise.
PREFERRED_POSTCODES = {
    "0101": ["2100", "2200", "2300", "2400", "2450", "2500", "2700", "2720"],
    "0173": ["2800", "2830"],
    "0159": ["2860", "2880"],
    "0151": ["2750", "2760", "2740"],
    "0250": ["3600", "3630", "3550"],
    "0265": ["4000", "4130", "4040"],
    "0751": ["8000", "8200", "8210", "8220", "8230", "8240", "8250", "8260", "8270", "8310", "8320", "8380"],
}

COMPANIES = {
    # name: (industry, [(site name, address, postcode)])
    NORDLYS: ("J", [("Kongens Lyngby", "Lyngby Hovedgade 80", "2800"), ("Aarhus", "Åboulevarden 22", "8000")]),
    BALLERUP_DATA: ("J", [("Ballerup", "Lautrupvang 12", "2750")]),
    "Aarhus Hospitalsservice A/S": ("N", [("Skejby", "Palle Juul-Jensens Boulevard 40", "8200")]),
    "Østjysk Byg A/S": ("F", [("Viby J", "Hasselager Allé 8", "8260")]),
    "Jysk Fødevarer A/S": ("C", [("Trige", "Industrivej 14", "8380")]),
    "Kattegat Logistik A/S": ("H", [("Viby J", "Skanderborgvej 190", "8260")]),
    "Bugt IT Consulting ApS": ("J", [("Aarhus C", "Inge Lehmanns Gade 10", "8000")]),
    "Hotel Havnefronten Aarhus": ("I", [("Aarhus C", "Havnegade 5", "8000")]),
    "Viby Auto & Værksted A/S": ("G", [("Viby J", "Ravnsøvej 3", "8260")]),
}
NGOS = {
    NYDANSKER: ("Aarhus", "Ryesgade 3", "8000"),
    RED_CROSS: ("Ballerup", "Centrumgaden 11", "2750"),
    PLUSS: ("Aarhus", "Søren Frichs Vej 38", "8230"),
}

# (username, first, last, role, organisation or None)
LOGINS = [
    ("koordinator", "Mette", "Kjær", Role.COORDINATOR, NYDANSKER),
    ("koordinator.rk", "Birgitte", "Holm", Role.COORDINATOR, RED_CROSS),
    ("koordinator.pluss", "Rasmus", "Vestergaard", Role.COORDINATOR, PLUSS),
    ("sagsbehandler", "Lene", "Frandsen", Role.CASEWORKER, MUNICIPALITIES[AARHUS]),
    ("sagsbehandler.kbh", "Jakob", "Bech", Role.CASEWORKER, MUNICIPALITIES[KBH]),
    # The NGO's data-protection officer: reads what its coordinators read, and changes nothing.
    ("databeskyttelse", "Sofie", "Lund", Role.DATA_PROTECTION_OFFICER, NYDANSKER),
    ("virksomhed", "Charlotte", "Brandt", Role.COMPANY_CONTACT, NORDLYS),
    ("mentor", None, None, Role.MENTOR, BALLERUP_DATA),  # the name is the mentor's
    ("deltager", None, None, Role.PARTICIPANT, None),  # the name is the participant's
    ("admin", "Admin", "Stafet", Role.ADMINISTRATOR, None),
]

# Hold 2016: who the 25 mentees were and what became of them after six months (the seed's figures).
# (country, sex, profession, education, site, outcome, employer or school, note)
HOLD_2016 = [
    ("SY", "m", "software", "master", "lyngby", "job_matching", "Nordisk Software ApS", "Udvikler, fastansat."),
    (
        "IR",
        "m",
        "civil_engineer",
        "master",
        "aarhus",
        "job_matching",
        "Rådgivende ingeniørfirma i Aarhus",
        "Projekteringsingeniør.",
    ),
    (
        "SY",
        "f",
        "accountant",
        "bachelor",
        "lyngby",
        "job_matching",
        "Revisionsfirma i Kongens Lyngby",
        "Revisorassistent.",
    ),
    (
        "IQ",
        "m",
        "electrician",
        "vocational",
        "lyngby",
        "job_matching",
        "El-installatør i Gladsaxe",
        "Elektriker med dansk autorisation under vejledning.",
    ),
    (
        "SY",
        "m",
        "doctor",
        "master",
        "lyngby",
        "stepping_stone",
        "Plejecenter i København",
        "Sygehjælper, mens autorisationen som læge behandles.",
    ),
    (
        "AF",
        "m",
        "lawyer",
        "bachelor",
        "lyngby",
        "stepping_stone",
        "Forsikringsselskab, kundeservice",
        "Skridt på vejen: kundeservice, arabisk og dari.",
    ),
    (
        "ER",
        "f",
        "teacher_primary",
        "bachelor",
        "lyngby",
        "stepping_stone",
        "Børnehave i Gladsaxe",
        "Pædagogmedhjælper.",
    ),
    (
        "SY",
        "m",
        "economist",
        "master",
        "lyngby",
        "stepping_stone",
        "Lager hos en grossist",
        "Lagerjob, søger videre inden for økonomi.",
    ),
    (
        "SY",
        "f",
        "pharmacist",
        "master",
        "lyngby",
        "education",
        "Københavns Universitet",
        "Supplerende farmaceutuddannelse (merit).",
    ),
    ("IR", "f", "graphic_designer", "bachelor", "aarhus", "education", "Erhvervsakademi Aarhus", "Multimediedesigner."),
    (
        "AF",
        "m",
        "app_programmer",
        "short_cycle",
        "lyngby",
        "education",
        "Erhvervsakademi København",
        "Datamatikeruddannelsen.",
    ),
    ("ER", "m", "civil_engineer", "bachelor", "lyngby", "education", "DTU Diplom", "Bygningsdesign, merit."),
    (
        "SY",
        "m",
        "butcher",
        "vocational",
        "lyngby",
        "self_employed",
        "Egen slagterforretning på Nørrebro",
        "Åbnede egen forretning med halal-slagtervarer.",
    ),
    ("ER", "m", "cook", "vocational", "aarhus", "apprentice", "Hotel i Aarhus", "Kokkeelev."),
    (
        "SY",
        "m",
        "mechanical_engineer",
        "bachelor",
        "lyngby",
        "internship",
        "Maskinfabrik i Ballerup",
        "Virksomhedspraktik, 13 uger.",
    ),
    ("IR", "f", "nurse", "bachelor", "lyngby", "internship", "Plejecenter i Lyngby", "Praktik som sygehjælper."),
    ("SO", "m", "economist", "bachelor", "aarhus", "internship", "Pengeinstitut i Aarhus", "Praktik i kundeservice."),
    (
        "AF",
        "f",
        "teacher_secondary",
        "bachelor",
        "lyngby",
        "internship",
        "Sprogcenter i København",
        "Praktik som underviserassistent.",
    ),
    ("SY", "m", "lawyer", "master", "lyngby", "none", "", "Fortsætter på sprogskole; dansk for svagt endnu."),
    ("IQ", "m", "teacher_secondary", "bachelor", "aarhus", "none", "", "Sygdom i familien; forløbet blev kort."),
    ("AF", "m", "driver", "upper_secondary", "aarhus", "none", "", "Venter på dansk kørekort."),
    ("ER", "m", "electrician", "vocational", "lyngby", "none", "", "Flyttede til anden kommune."),
    ("SY", "f", "graphic_designer", "bachelor", "lyngby", "none", "", "Barsel."),
    ("SO", "f", "nurse", "bachelor", "aarhus", "none", "", "Søger stadig; har fået papirer vurderet."),
    ("IR", "m", "economist", "master", "lyngby", "none", "", "Fortsat i kommunens integrationsprogram."),
]

MENTOR_JOBS_IT = [  # (title, isco, leadership)
    ("Senior softwareudvikler", "2512", False),
    ("IT-arkitekt", "2511", True),
    ("Projektleder", "1330", True),
    ("HR-partner", "2423", False),
    ("Salgschef", "2434", True),
    ("Forretningskonsulent", "2421", False),
    ("Controller", "2411", False),
    ("Juridisk rådgiver", "2611", False),
    ("Teamleder, drift", "1330", True),
    ("Netværksspecialist", "2523", False),
    ("Webudvikler", "2513", False),
    ("Kommunikationsrådgiver", "2432", False),
]
VOLUNTEER_JOBS = [  # local business people: (title, isco, industry)
    ("Ejer af tømrerfirma", "7115", "F"),
    ("Restaurantchef", "1411", "I"),
    ("Regnskabschef", "2411", "K"),
    ("Butikschef", "1420", "G"),
    ("Vognmand", "1324", "H"),
    ("Afdelingsleder, plejecenter", "1342", "Q"),
    ("Bygningsingeniør", "2142", "F"),
    ("Elinstallatør", "7411", "F"),
    ("Direktør, maskinfabrik", "1321", "C"),
    ("IT-konsulent", "2511", "J"),
    ("Skoleleder", "1345", "P"),
    ("Salgskonsulent", "3322", "G"),
    ("HR-chef", "1212", "M"),
    ("Hotelchef", "1411", "I"),
    ("Bankrådgiver", "3312", "K"),
    ("Slagtermester", "7511", "C"),
]
COMMUNITY_JOBS = [
    ("Pensioneret skolelærer", "2341"),
    ("Fodboldtræner i lokal klub", None),
    ("Pensioneret ingeniør", "2142"),
    ("Sygeplejerske", "2221"),
    ("Frivillig i lektiecafé", None),
    ("Bibliotekar", "2622"),
    ("Pensioneret bankmand", "2411"),
    ("Formand for grundejerforening", None),
    ("Pædagog", "2342"),
    ("Kasserer i idrætsforening", None),
]

CASEWORKER_NOTES = [
    "Motiveret og mødestabil. Ønsker job inden for sit fag.",
    "Har været i virksomhedspraktik i en butik; vil gerne videre med sin uddannelse.",
    "Taler godt engelsk, dansk på modul 3. Har brug for netværk.",
    "Har fået sine papirer vurderet af Uddannelses- og Forskningsstyrelsen.",
    "Vil gerne i gang hurtigt; har familie at forsørge.",
    "Går på sprogskole om formiddagen.",
    "",
]
