"""Reference vocabulary every deployment needs: counties, Agenda 2030 goals, sectors.

Official names and codes; loaded by `manage.py load_taxonomy` and editable afterwards.
"""

# (code, name_sv, name_en, letter, iso_code, seat)
COUNTIES = [
    ("01", "Stockholms län", "Stockholm County", "AB", "SE-AB", "Stockholm"),
    ("03", "Uppsala län", "Uppsala County", "C", "SE-C", "Uppsala"),
    ("04", "Södermanlands län", "Södermanland County", "D", "SE-D", "Nyköping"),
    ("05", "Östergötlands län", "Östergötland County", "E", "SE-E", "Linköping"),
    ("06", "Jönköpings län", "Jönköping County", "F", "SE-F", "Jönköping"),
    ("07", "Kronobergs län", "Kronoberg County", "G", "SE-G", "Växjö"),
    ("08", "Kalmar län", "Kalmar County", "H", "SE-H", "Kalmar"),
    ("09", "Gotlands län", "Gotland County", "I", "SE-I", "Visby"),
    ("10", "Blekinge län", "Blekinge County", "K", "SE-K", "Karlskrona"),
    ("12", "Skåne län", "Skåne County", "M", "SE-M", "Malmö"),
    ("13", "Hallands län", "Halland County", "N", "SE-N", "Halmstad"),
    ("14", "Västra Götalands län", "Västra Götaland County", "O", "SE-O", "Göteborg"),
    ("17", "Värmlands län", "Värmland County", "S", "SE-S", "Karlstad"),
    ("18", "Örebro län", "Örebro County", "T", "SE-T", "Örebro"),
    ("19", "Västmanlands län", "Västmanland County", "U", "SE-U", "Västerås"),
    ("20", "Dalarnas län", "Dalarna County", "W", "SE-W", "Falun"),
    ("21", "Gävleborgs län", "Gävleborg County", "X", "SE-X", "Gävle"),
    ("22", "Västernorrlands län", "Västernorrland County", "Y", "SE-Y", "Härnösand"),
    ("23", "Jämtlands län", "Jämtland County", "Z", "SE-Z", "Östersund"),
    ("24", "Västerbottens län", "Västerbotten County", "AC", "SE-AC", "Umeå"),
    ("25", "Norrbottens län", "Norrbotten County", "BD", "SE-BD", "Luleå"),
]

# (number, name_sv, name_en): the short names used in Swedish and UN communication.
SDG_GOALS = [
    (1, "Ingen fattigdom", "No Poverty"),
    (2, "Ingen hunger", "Zero Hunger"),
    (3, "God hälsa och välbefinnande", "Good Health and Well-being"),
    (4, "God utbildning för alla", "Quality Education"),
    (5, "Jämställdhet", "Gender Equality"),
    (6, "Rent vatten och sanitet för alla", "Clean Water and Sanitation"),
    (7, "Hållbar energi för alla", "Affordable and Clean Energy"),
    (
        8,
        "Anständiga arbetsvillkor och ekonomisk tillväxt",
        "Decent Work and Economic Growth",
    ),
    (
        9,
        "Hållbar industri, innovationer och infrastruktur",
        "Industry, Innovation and Infrastructure",
    ),
    (10, "Minskad ojämlikhet", "Reduced Inequalities"),
    (11, "Hållbara städer och samhällen", "Sustainable Cities and Communities"),
    (12, "Hållbar konsumtion och produktion", "Responsible Consumption and Production"),
    (13, "Bekämpa klimatförändringarna", "Climate Action"),
    (14, "Hav och marina resurser", "Life Below Water"),
    (15, "Ekosystem och biologisk mångfald", "Life on Land"),
    (
        16,
        "Fredliga och inkluderande samhällen",
        "Peace, Justice and Strong Institutions",
    ),
    (17, "Genomförande och globalt partnerskap", "Partnerships for the Goals"),
]

# (slug, name_sv, name_en, description_sv, description_en)
SECTORS = [
    (
        "offentlig",
        "Offentlig sektor",
        "Public sector",
        "Stat, regioner och kommuner med sina myndigheter och bolag.",
        "Central government, regions and municipalities with their agencies and companies.",
    ),
    (
        "privat",
        "Privat sektor",
        "Private sector",
        "Företag som drivs med vinstsyfte, från enskilda firmor till koncerner.",
        "Businesses run for profit, from sole traders to groups.",
    ),
    (
        "ideburen",
        "Idéburen sektor och civilsamhälle",
        "Civil society and non-profit sector",
        "Föreningar, stiftelser, trossamfund och kooperativ som drivs av idéer, inte vinst.",
        "Associations, foundations, faith groups and cooperatives driven by ideas, not profit.",
    ),
    (
        "akademi",
        "Akademi",
        "Academia",
        "Universitet, högskolor och forskningsinstitut.",
        "Universities, university colleges and research institutes.",
    ),
]

# (slug, name_sv, name_en)
AREA_TYPES = [
    ("stad", "Stad", "Urban"),
    ("landsbygd", "Landsbygd", "Rural"),
]
