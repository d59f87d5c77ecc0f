package benchlib

// Real words the generated vocabulary starts with, so that benchmark
// queries can use words a person would type; the rest of the 5,000 words
// are made of syllables. French words keep their accents.
var frenchWords = []string{
	"église", "fête", "musique", "école", "mairie", "plage", "château", "rivière", "montagne", "forêt",
	"marché", "village", "maison", "jardin", "fleur", "soleil", "neige", "hiver", "été", "printemps",
	"automne", "mariage", "baptême", "anniversaire", "enfant", "famille", "élève", "classe", "cantine", "récréation",
	"kermesse", "spectacle", "théâtre", "concert", "orchestre", "chorale", "danse", "fanfare", "défilé", "cérémonie",
	"inauguration", "conseil", "municipal", "élection", "maire", "député", "pompiers", "gendarmerie", "hôpital", "bibliothèque",
	"médiathèque", "musée", "exposition", "patrimoine", "chapelle", "cathédrale", "abbaye", "clocher", "vitrail", "orgue",
	"pont", "port", "bateau", "phare", "falaise", "côte", "océan", "mer", "lac", "étang",
	"canal", "écluse", "moulin", "ferme", "vache", "cheval", "mouton", "vigne", "vendanges", "récolte",
	"boulangerie", "café", "restaurant", "repas", "goûter", "pique-nique", "randonnée", "vélo", "course", "marathon",
	"football", "rugby", "tennis", "natation", "piscine", "stade", "gymnase", "tournoi", "équipe", "médaille",
	"portrait", "paysage", "coucher", "lever", "nuit", "étoile", "lune", "nuage", "orage", "pluie",
	"arc-en-ciel", "brouillard", "glace", "sapin", "chêne", "platane", "tilleul", "rose", "tulipe", "lavande",
	"vacances", "voyage", "gare", "train", "avion", "aéroport", "autoroute", "route", "rue", "place",
	"quartier", "immeuble", "chantier", "travaux", "rénovation", "façade", "toit", "fenêtre", "porte", "escalier",
	"noël", "réveillon", "pâques", "carnaval", "feu", "artifice", "bal", "quatorze", "juillet", "commémoration",
	"monument", "soldat", "guerre", "mémoire", "archives", "affiche", "journal", "lettre", "carte", "postale",
	"atelier", "artisan", "usine", "ouvrier", "métier", "forgeron", "potier", "tisserand", "menuisier", "boucher",
	"étudiant", "université", "lycée", "collège", "maternelle", "crèche", "professeur", "institutrice", "diplôme", "remise",
	"sortie", "scolaire", "classe-découverte", "colonie", "camp", "scouts", "paroisse", "procession", "pèlerinage", "communion",
	"grand-mère", "grand-père", "cousin", "cousine", "bébé", "naissance", "réunion", "souvenir", "album", "fête-des-mères",
}

var englishWords = []string{
	"church", "festival", "music", "school", "town", "hall", "beach", "castle", "river", "mountain",
	"forest", "market", "village", "house", "garden", "flower", "sun", "snow", "winter", "summer",
	"spring", "autumn", "wedding", "birthday", "child", "family", "pupil", "class", "concert", "dance",
	"parade", "ceremony", "opening", "council", "election", "mayor", "firemen", "hospital", "library", "museum",
	"exhibition", "heritage", "chapel", "cathedral", "abbey", "tower", "window", "bridge", "harbour", "boat",
	"lighthouse", "cliff", "coast", "ocean", "sea", "lake", "pond", "canal", "mill", "farm",
	"cow", "horse", "sheep", "vineyard", "harvest", "bakery", "coffee", "dinner", "picnic", "hiking",
	"bike", "race", "football", "tennis", "swimming", "stadium", "team", "medal", "portrait", "landscape",
	"sunset", "sunrise", "night", "star", "moon", "cloud", "storm", "rain", "rainbow", "fog",
	"holiday", "travel", "station", "train", "plane", "airport", "road", "street", "square", "building",
	"christmas", "easter", "carnival", "fireworks", "monument", "soldier", "memorial", "poster", "newspaper", "letter",
	"workshop", "factory", "worker", "student", "university", "college", "teacher", "graduation", "trip", "camp",
	"grandmother", "grandfather", "baby", "reunion", "memory", "party", "friends", "team-building", "conference", "meeting",
}

// syllables make the generated words; a few carry French accents.
var (
	onsets = []string{"b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "br", "cr", "gr", "pl", "tr", "qu"}
	nuclei = []string{"a", "e", "i", "o", "u", "é", "è", "ou", "ai", "an", "on", "in", "eau", "â", "ô"}
	codas  = []string{"", "", "", "r", "l", "n", "s", "t", "x", "c"}
)

// Town is a real place, for the positions and places of items.
type Town struct {
	City, Region, Country string
	Lat, Lon              float64
}

var towns = []Town{
	{"Paris", "Île-de-France", "FR", 48.8566, 2.3522}, {"Lyon", "Auvergne-Rhône-Alpes", "FR", 45.764, 4.8357},
	{"Marseille", "Provence-Alpes-Côte d'Azur", "FR", 43.2965, 5.3698}, {"Toulouse", "Occitanie", "FR", 43.6047, 1.4442},
	{"Nice", "Provence-Alpes-Côte d'Azur", "FR", 43.7102, 7.262}, {"Nantes", "Pays de la Loire", "FR", 47.2184, -1.5536},
	{"Strasbourg", "Grand Est", "FR", 48.5734, 7.7521}, {"Montpellier", "Occitanie", "FR", 43.6108, 3.8767},
	{"Bordeaux", "Nouvelle-Aquitaine", "FR", 44.8378, -0.5792}, {"Lille", "Hauts-de-France", "FR", 50.6292, 3.0573},
	{"Rennes", "Bretagne", "FR", 48.1173, -1.6778}, {"Reims", "Grand Est", "FR", 49.2583, 4.0317},
	{"Le Havre", "Normandie", "FR", 49.4944, 0.1079}, {"Saint-Étienne", "Auvergne-Rhône-Alpes", "FR", 45.4397, 4.3872},
	{"Toulon", "Provence-Alpes-Côte d'Azur", "FR", 43.1242, 5.928}, {"Grenoble", "Auvergne-Rhône-Alpes", "FR", 45.1885, 5.7245},
	{"Dijon", "Bourgogne-Franche-Comté", "FR", 47.322, 5.0415}, {"Angers", "Pays de la Loire", "FR", 47.4784, -0.5632},
	{"Nîmes", "Occitanie", "FR", 43.8367, 4.3601}, {"Clermont-Ferrand", "Auvergne-Rhône-Alpes", "FR", 45.7772, 3.087},
	{"Le Mans", "Pays de la Loire", "FR", 48.0061, 0.1996}, {"Aix-en-Provence", "Provence-Alpes-Côte d'Azur", "FR", 43.5297, 5.4474},
	{"Brest", "Bretagne", "FR", 48.3904, -4.4861}, {"Tours", "Centre-Val de Loire", "FR", 47.3941, 0.6848},
	{"Amiens", "Hauts-de-France", "FR", 49.8941, 2.2958}, {"Limoges", "Nouvelle-Aquitaine", "FR", 45.8336, 1.2611},
	{"Annecy", "Auvergne-Rhône-Alpes", "FR", 45.8992, 6.1294}, {"Perpignan", "Occitanie", "FR", 42.6887, 2.8948},
	{"Besançon", "Bourgogne-Franche-Comté", "FR", 47.2378, 6.0241}, {"Metz", "Grand Est", "FR", 49.1193, 6.1757},
	{"Orléans", "Centre-Val de Loire", "FR", 47.9029, 1.9093}, {"Rouen", "Normandie", "FR", 49.4432, 1.0999},
	{"Caen", "Normandie", "FR", 49.1829, -0.3707}, {"Nancy", "Grand Est", "FR", 48.6921, 6.1844},
	{"Avignon", "Provence-Alpes-Côte d'Azur", "FR", 43.9493, 4.8055}, {"Poitiers", "Nouvelle-Aquitaine", "FR", 46.5802, 0.3404},
	{"La Rochelle", "Nouvelle-Aquitaine", "FR", 46.1603, -1.1511}, {"Quimper", "Bretagne", "FR", 47.9959, -4.1024},
	{"Vannes", "Bretagne", "FR", 47.6582, -2.7608}, {"Saint-Malo", "Bretagne", "FR", 48.6493, -2.0257},
	{"Chamonix-Mont-Blanc", "Auvergne-Rhône-Alpes", "FR", 45.9237, 6.8694}, {"Arles", "Provence-Alpes-Côte d'Azur", "FR", 43.6766, 4.6278},
	{"Carcassonne", "Occitanie", "FR", 43.2130, 2.3491}, {"Biarritz", "Nouvelle-Aquitaine", "FR", 43.4832, -1.5586},
	{"Colmar", "Grand Est", "FR", 48.0794, 7.3585}, {"Ajaccio", "Corse", "FR", 41.9192, 8.7386},
	{"Bastia", "Corse", "FR", 42.6970, 9.4503}, {"Pau", "Nouvelle-Aquitaine", "FR", 43.2951, -0.3708},
	{"Mâcon", "Bourgogne-Franche-Comté", "FR", 46.3069, 4.8287}, {"Évreux", "Normandie", "FR", 49.0270, 1.1508},
	{"Bruxelles", "Bruxelles-Capitale", "BE", 50.8503, 4.3517}, {"Liège", "Wallonie", "BE", 50.6326, 5.5797},
	{"Namur", "Wallonie", "BE", 50.4674, 4.8720}, {"Bruges", "Flandre", "BE", 51.2093, 3.2247},
	{"Genève", "Genève", "CH", 46.2044, 6.1432}, {"Lausanne", "Vaud", "CH", 46.5197, 6.6323},
	{"Zurich", "Zurich", "CH", 47.3769, 8.5417}, {"Luxembourg", "Luxembourg", "LU", 49.6116, 6.1319},
	{"Barcelona", "Catalunya", "ES", 41.3874, 2.1686}, {"Madrid", "Comunidad de Madrid", "ES", 40.4168, -3.7038},
	{"Sevilla", "Andalucía", "ES", 37.3891, -5.9845}, {"Lisboa", "Lisboa", "PT", 38.7223, -9.1393},
	{"Porto", "Norte", "PT", 41.1579, -8.6291}, {"Roma", "Lazio", "IT", 41.9028, 12.4964},
	{"Firenze", "Toscana", "IT", 43.7696, 11.2558}, {"Venezia", "Veneto", "IT", 45.4408, 12.3155},
	{"Milano", "Lombardia", "IT", 45.4642, 9.19}, {"Torino", "Piemonte", "IT", 45.0703, 7.6869},
	{"Berlin", "Berlin", "DE", 52.52, 13.405}, {"München", "Bayern", "DE", 48.1351, 11.582},
	{"Köln", "Nordrhein-Westfalen", "DE", 50.9375, 6.9603}, {"Freiburg im Breisgau", "Baden-Württemberg", "DE", 47.999, 7.8421},
	{"Amsterdam", "Noord-Holland", "NL", 52.3676, 4.9041}, {"Rotterdam", "Zuid-Holland", "NL", 51.9244, 4.4777},
	{"London", "England", "GB", 51.5074, -0.1278}, {"Edinburgh", "Scotland", "GB", 55.9533, -3.1883},
	{"Dublin", "Leinster", "IE", 53.3498, -6.2603}, {"Wien", "Wien", "AT", 48.2082, 16.3738},
	{"Praha", "Praha", "CZ", 50.0755, 14.4378}, {"Kraków", "Małopolskie", "PL", 50.0647, 19.945},
	{"Athína", "Attikí", "GR", 37.9838, 23.7275}, {"København", "Hovedstaden", "DK", 55.6761, 12.5683},
	{"Stockholm", "Stockholm", "SE", 59.3293, 18.0686}, {"Oslo", "Oslo", "NO", 59.9139, 10.7522},
}

// cameras are make and model pairs as cameras write them.
var cameras = [][2]string{
	{"Canon", "Canon EOS 5D Mark IV"}, {"Canon", "Canon EOS R5"}, {"Canon", "Canon EOS 80D"}, {"Canon", "Canon PowerShot G7 X"},
	{"Canon", "Canon EOS 350D DIGITAL"}, {"NIKON CORPORATION", "NIKON D750"}, {"NIKON CORPORATION", "NIKON D7500"},
	{"NIKON CORPORATION", "NIKON Z 6_2"}, {"NIKON CORPORATION", "NIKON D90"}, {"SONY", "ILCE-7M3"}, {"SONY", "ILCE-6400"},
	{"SONY", "DSC-RX100M5A"}, {"FUJIFILM", "X-T3"}, {"FUJIFILM", "X100V"}, {"FUJIFILM", "X-E2"}, {"OLYMPUS CORPORATION", "E-M10MarkII"},
	{"OM Digital Solutions", "OM-1"}, {"Panasonic", "DMC-GH4"}, {"Panasonic", "DC-G9"}, {"LEICA CAMERA AG", "LEICA Q2"},
	{"RICOH IMAGING COMPANY, LTD.", "RICOH GR III"}, {"PENTAX", "PENTAX K-5"}, {"Apple", "iPhone 8"}, {"Apple", "iPhone 12"},
	{"Apple", "iPhone 15 Pro"}, {"samsung", "SM-G991B"}, {"samsung", "SM-S918B"}, {"Google", "Pixel 7"}, {"HUAWEI", "ELE-L29"},
	{"Xiaomi", "Redmi Note 8 Pro"},
}

var lenses = []string{
	"EF24-105mm f/4L IS USM", "RF24-70mm F2.8 L IS USM", "EF50mm f/1.8 STM", "EF-S18-135mm f/3.5-5.6 IS USM",
	"AF-S NIKKOR 24-120mm f/4G ED VR", "AF-S DX NIKKOR 18-140mm f/3.5-5.6G ED VR", "NIKKOR Z 24-70mm f/4 S",
	"FE 28-70mm F3.5-5.6 OSS", "FE 85mm F1.8", "E 18-135mm F3.5-5.6 OSS", "XF18-55mmF2.8-4 R LM OIS", "XF35mmF2 R WR",
	"M.Zuiko Digital ED 14-42mm F3.5-5.6 EZ", "LUMIX G VARIO 12-60/F3.5-5.6", "Summilux 1:1.7/28 ASPH.",
	"iPhone 12 back dual wide camera 4.2mm f/1.6", "iPhone 15 Pro back triple camera 6.86mm f/1.78",
	"smc PENTAX-DA 18-55mm F3.5-5.6 AL WR", "Tamron 28-75mm F2.8 Di III RXD", "Sigma 35mm F1.4 DG HSM | Art",
}

var photographers = []string{
	"Jeanne Moreau", "Louis Martin", "Camille Bernard", "Hugo Dubois", "Léa Petit", "Chloé Durand", "Théo Lefèvre",
	"Manon Girard", "Nathan Roux", "Inès Fournier", "Paul Mercier", "Zoé Lambert", "Ethan Bonnet", "Sarah Fontaine",
	"Jules Chevalier", "Alice Robin", "Gabriel Faure", "Emma Clément", "Lucas Morel", "Anaïs Gauthier",
}
