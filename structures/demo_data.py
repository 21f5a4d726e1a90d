"""The demo data set of `manage.py seed_demo`, as plain data (no logic, no test dependency).

Dates are relative: a slot is `(days from today, "HH:MM", invitations offered[, max per
booking])`, a booking points at `(event key, slot index)` and names people by full name.
Every e-mail uses the reserved `.test` domain so nothing can ever leave for a real inbox.
"""

PASSWORD_WORKER = "demo-relais-2026"
PASSWORD_STAFF = "demo-equipe-2026"
PASSWORD_ADMIN = "demo-admin-2026"

DEPARTMENTS = {
    "75": {
        "team_name": "Équipe Paris",
        "team_phone": "01 42 72 18 30",
        "team_email": "equipe75@billetterie-solidaire.test",
        "team_address": "18 rue de la Roquette, 75011 Paris",
    },
    "93": {
        "team_name": "Équipe Seine-Saint-Denis",
        "team_phone": "01 48 13 55 20",
        "team_email": "equipe93@billetterie-solidaire.test",
        "team_address": "6 rue de la République, 93200 Saint-Denis",
    },
    "92": {
        "team_name": "Équipe Hauts-de-Seine",
        "team_phone": "01 47 21 64 10",
        "team_email": "equipe92@billetterie-solidaire.test",
        "team_address": "24 rue Salvador-Allende, 92000 Nanterre",
    },
    "69": {
        "team_name": "Équipe Rhône",
        "team_phone": "04 78 39 52 17",
        "team_email": "equipe69@billetterie-solidaire.test",
        "team_address": "15 rue Sainte-Catherine, 69001 Lyon",
    },
}

# slug: (name, icon)
GENRES = {
    "theatre": ("Théâtre", "🎭"),
    "concert": ("Concert", "🎵"),
    "cirque": ("Cirque", "🎪"),
    "danse": ("Danse", "💃"),
    "cinema": ("Cinéma", "🎬"),
    "musee": ("Musée", "🏛"),
    "sport": ("Sport", "⚽"),
    "opera": ("Opéra", "🎼"),
    "humour": ("Humour", "😄"),
    "exposition": ("Exposition", "🖼"),
}

# slug: name
AUDIENCES = {
    "famille": "Famille",
    "jeune-public": "Jeune public",
    "adolescents": "Adolescents",
    "adultes": "Adultes",
    "seniors": "Seniors",
}

# Partners, each with one venue. Addresses look real; names are invented.
PARTNERS = {
    "faubourg": {
        "name": "Théâtre du Faubourg",
        "department": "75",
        "contact_name": "Sophie Marchand",
        "contact_email": "billetterie@theatre-faubourg.test",
        "phone": "01 42 46 30 11",
        "website": "https://theatre-faubourg.test/",
        "venue": {
            "name": "Théâtre du Faubourg",
            "address": "38 rue du Faubourg-Saint-Denis",
            "postal_code": "75010",
            "city": "Paris",
            "phone": "01 42 46 30 10",
            "access": (
                "Entrée principale sur la rue, accueil et billetterie au rez-de-chaussée. "
                "Ouverture des portes 45 minutes avant la représentation."
            ),
            "transport": (
                "Métro Strasbourg–Saint-Denis (lignes 4, 8 et 9) ou Château-d'Eau (ligne 4). "
                "Bus 38 et 39, arrêt Strasbourg–Saint-Denis."
            ),
            "accessibility": (
                "Salle accessible en fauteuil roulant par l'entrée latérale (prévenir l'accueil). "
                "Boucle magnétique pour les personnes malentendantes."
            ),
        },
    },
    "belleville": {
        "name": "La Scène de Belleville",
        "department": "75",
        "contact_name": "Karim Ouali",
        "contact_email": "relations-publiques@scene-belleville.test",
        "phone": "01 43 58 27 64",
        "website": "https://scene-belleville.test/",
        "venue": {
            "name": "La Scène de Belleville",
            "address": "46 rue de Belleville",
            "postal_code": "75020",
            "city": "Paris",
            "phone": "01 43 58 27 60",
            "access": "Entrée au fond de la cour pavée, salle au premier étage.",
            "transport": "Métro Belleville (lignes 2 et 11) ou Pyrénées (ligne 11). Bus 26.",
            "accessibility": (
                "Ascenseur jusqu'à la salle. Places pour fauteuils roulants au premier rang, "
                "à réserver auprès de l'accueil."
            ),
        },
    },
    "etoiles": {
        "name": "Cirque des Étoiles",
        "department": "75",
        "contact_name": "Lucie Ferrand",
        "contact_email": "invitations@cirque-etoiles.test",
        "phone": "01 40 03 75 12",
        "website": "https://cirque-etoiles.test/",
        "venue": {
            "name": "Chapiteau des Étoiles – Parc de la Villette",
            "address": "211 avenue Jean-Jaurès",
            "postal_code": "75019",
            "city": "Paris",
            "phone": "01 40 03 75 00",
            "access": (
                "Chapiteau installé sur la prairie du Triangle : suivre la signalétique depuis "
                "l'entrée Jean-Jaurès du parc. Prévoir une tenue chaude en hiver."
            ),
            "transport": (
                "Métro Porte de Pantin (ligne 5), tramway T3b arrêt Porte de Pantin – Parc de "
                "la Villette. Bus 75 et 151."
            ),
            "accessibility": (
                "Chapiteau de plain-pied, accessible en fauteuil roulant. Toilettes adaptées "
                "à l'entrée du parc."
            ),
        },
    },
    "vie-parisienne": {
        "name": "Musée de la Vie parisienne",
        "department": "75",
        "contact_name": "Anne-Laure Besson",
        "contact_email": "publics@musee-vie-parisienne.test",
        "phone": "01 44 59 58 31",
        "website": "https://musee-vie-parisienne.test/",
        "venue": {
            "name": "Musée de la Vie parisienne",
            "address": "18 rue Payenne",
            "postal_code": "75003",
            "city": "Paris",
            "phone": "01 44 59 58 58",
            "access": (
                "Rendez-vous à l'accueil des groupes, dans la cour d'honneur. Vestiaire gratuit "
                "et obligatoire pour les sacs volumineux."
            ),
            "transport": "Métro Saint-Paul (ligne 1) ou Chemin Vert (ligne 8). Bus 29 et 96.",
            "accessibility": (
                "Collections permanentes accessibles par ascenseur. Fauteuils roulants et "
                "sièges-cannes prêtés à l'accueil."
            ),
        },
    },
    "quartier-latin": {
        "name": "Ciné-club du Quartier latin",
        "department": "75",
        "contact_name": "Pierre Galland",
        "contact_email": "cineclub@ecran-quartier-latin.test",
        "phone": "01 43 54 51 60",
        "website": "https://ecran-quartier-latin.test/",
        "venue": {
            "name": "L'Écran du Quartier latin",
            "address": "7 rue Champollion",
            "postal_code": "75005",
            "city": "Paris",
            "phone": "01 43 54 51 61",
            "access": "Accueil et caisse à l'entrée, la salle 1 est au rez-de-chaussée.",
            "transport": (
                "RER B et C Saint-Michel–Notre-Dame, métro Cluny–La Sorbonne (ligne 10). "
                "Bus 21, 27 et 38."
            ),
            "accessibility": (
                "Salle 1 accessible en fauteuil roulant (deux places). Séances sous-titrées pour "
                "les personnes sourdes et malentendantes le mercredi."
            ),
        },
    },
    "lutece": {
        "name": "Orchestre de chambre Lutèce",
        "department": "75",
        "contact_name": "Bénédicte Carré",
        "contact_email": "action-culturelle@orchestre-lutece.test",
        "phone": "01 42 78 91 05",
        "website": "https://orchestre-lutece.test/",
        "venue": {
            "name": "Auditorium du Marais",
            "address": "14 rue Charlot",
            "postal_code": "75003",
            "city": "Paris",
            "phone": "01 42 78 91 00",
            "access": "Entrée par le porche, auditorium au fond du jardin.",
            "transport": (
                "Métro Filles du Calvaire ou Saint-Sébastien–Froissart (ligne 8). Bus 20, 65 et 96."
            ),
            "accessibility": "Auditorium de plain-pied, accessible en fauteuil roulant.",
        },
    },
    "batignolles": {
        "name": "Compagnie lyrique des Batignolles",
        "department": "75",
        "contact_name": "Jean-Michel Aubry",
        "contact_email": "billetterie@lyrique-batignolles.test",
        "phone": "01 42 27 63 40",
        "website": "https://lyrique-batignolles.test/",
        "venue": {
            "name": "Théâtre lyrique des Batignolles",
            "address": "21 rue Legendre",
            "postal_code": "75017",
            "city": "Paris",
            "phone": "01 42 27 63 44",
            "access": (
                "Retrait des invitations au guichet « Relations publiques », à gauche de l'entrée."
            ),
            "transport": "Métro Villiers (lignes 2 et 3) ou Rome (ligne 2). Bus 30 et 94.",
            "accessibility": (
                "Orchestre accessible en fauteuil roulant ; les balcons n'ont pas d'ascenseur."
            ),
        },
    },
    "volley": {
        "name": "Paris Volley Club",
        "department": "75",
        "contact_name": "Stéphane Vidal",
        "contact_email": "partenariats@paris-volley.test",
        "phone": "01 43 79 12 88",
        "website": "https://paris-volley.test/",
        "venue": {
            "name": "Gymnase Japy",
            "address": "2 rue Japy",
            "postal_code": "75011",
            "city": "Paris",
            "phone": "01 43 79 12 80",
            "access": (
                "Entrée du public rue Japy, tribune au premier étage. Présenter la contremarque "
                "au contrôle."
            ),
            "transport": "Métro Voltaire ou Charonne (ligne 9). Bus 46 et 56.",
            "accessibility": "Emplacements pour fauteuils roulants en bord de terrain.",
        },
    },
    "canal": {
        "name": "Comédie du Canal",
        "department": "75",
        "contact_name": "Inès Bouchard",
        "contact_email": "contact@comedie-canal.test",
        "phone": "01 42 08 33 19",
        "website": "https://comedie-canal.test/",
        "venue": {
            "name": "Comédie du Canal",
            "address": "110 quai de Jemmapes",
            "postal_code": "75010",
            "city": "Paris",
            "phone": "01 42 08 33 10",
            "access": "Café-théâtre : accueil au bar, salle en sous-sol.",
            "transport": (
                "Métro Jacques Bonsergent (ligne 5) ou République (lignes 3, 5, 8, 9 et 11)."
            ),
            "accessibility": (
                "Salle en sous-sol sans ascenseur : non accessible aux fauteuils roulants."
            ),
        },
    },
    "basilique": {
        "name": "Théâtre de la Basilique",
        "department": "93",
        "contact_name": "Nadège Colin",
        "contact_email": "rp@theatre-basilique.test",
        "phone": "01 48 13 70 02",
        "website": "https://theatre-basilique.test/",
        "venue": {
            "name": "Théâtre de la Basilique",
            "address": "12 rue de la Légion-d'Honneur",
            "postal_code": "93200",
            "city": "Saint-Denis",
            "phone": "01 48 13 70 00",
            "access": "Billetterie dans le hall, ouverture des portes 30 minutes avant.",
            "transport": (
                "Métro Basilique de Saint-Denis (ligne 13), tramway T1 arrêt Marché de "
                "Saint-Denis, RER D Saint-Denis."
            ),
            "accessibility": "Toutes les salles sont accessibles en fauteuil roulant.",
        },
    },
    "plaine": {
        "name": "Cirque de la Plaine",
        "department": "93",
        "contact_name": "Hugo Tessier",
        "contact_email": "accueil@cirque-plaine.test",
        "phone": "01 49 98 41 27",
        "website": "https://cirque-plaine.test/",
        "venue": {
            "name": "Cirque de la Plaine",
            "address": "4 rue des Cheminots",
            "postal_code": "93210",
            "city": "Saint-Denis",
            "phone": "01 49 98 41 20",
            "access": "Entrée par le portail vert, chapiteau au fond de la cour.",
            "transport": (
                "RER D Stade de France–Saint-Denis, RER B La Plaine–Stade de France, "
                "métro Front Populaire (ligne 12)."
            ),
            "accessibility": (
                "Chapiteau accessible en fauteuil roulant, gradins du bas réservés sur demande."
            ),
        },
    },
    "croix-de-chavaux": {
        "name": "Ciné Croix-de-Chavaux",
        "department": "93",
        "contact_name": "Laurent Petitjean",
        "contact_email": "scolaires@cine-chavaux.test",
        "phone": "01 48 58 90 13",
        "website": "https://cine-chavaux.test/",
        "venue": {
            "name": "Ciné Croix-de-Chavaux",
            "address": "12 place Jean-Jaurès",
            "postal_code": "93100",
            "city": "Montreuil",
            "phone": "01 48 58 90 10",
            "access": "Caisse au rez-de-chaussée, salles au premier étage.",
            "transport": "Métro Croix de Chavaux (ligne 9). Bus 115, 121 et 122.",
            "accessibility": "Ascenseur et places pour fauteuils roulants dans toutes les salles.",
        },
    },
    "aubervilliers": {
        "name": "Aubervilliers Basket Club",
        "department": "93",
        "contact_name": "Mehdi Saïdi",
        "contact_email": "billetterie@auber-basket.test",
        "phone": "01 48 39 52 66",
        "website": "https://auber-basket.test/",
        "venue": {
            "name": "Gymnase Henri-Barbusse",
            "address": "24 rue Henri-Barbusse",
            "postal_code": "93300",
            "city": "Aubervilliers",
            "phone": "01 48 39 52 60",
            "access": "Entrée du public côté parking, tribune nord.",
            "transport": (
                "Métro Aubervilliers–Pantin Quatre Chemins ou Fort d'Aubervilliers (ligne 7)."
            ),
            "accessibility": "Tribune basse accessible en fauteuil roulant.",
        },
    },
    "bobigny": {
        "name": "Maison des musiques de Bobigny",
        "department": "93",
        "contact_name": "Aurélie Gomes",
        "contact_email": "mediation@musiques-bobigny.test",
        "phone": "01 48 30 24 71",
        "website": "https://musiques-bobigny.test/",
        "venue": {
            "name": "Maison des musiques",
            "address": "8 rue de l'Union",
            "postal_code": "93000",
            "city": "Bobigny",
            "phone": "01 48 30 24 70",
            "access": "Accueil au rez-de-chaussée, grande salle au fond du hall.",
            "transport": "Métro Bobigny–Pablo Picasso (ligne 5), tramway T1 arrêt Hôtel de Ville.",
            "accessibility": "Salle de plain-pied, accessible en fauteuil roulant.",
        },
    },
    "nanterre": {
        "name": "Théâtre du Parc de Nanterre",
        "department": "92",
        "contact_name": "Céline Adam",
        "contact_email": "relations-publiques@theatre-parc-nanterre.test",
        "phone": "01 46 14 70 15",
        "website": "https://theatre-parc-nanterre.test/",
        "venue": {
            "name": "Théâtre du Parc",
            "address": "32 avenue Pablo-Picasso",
            "postal_code": "92000",
            "city": "Nanterre",
            "phone": "01 46 14 70 00",
            "access": "Entrée face au parc André-Malraux, billetterie dans le hall.",
            "transport": (
                "RER A Nanterre-Préfecture puis 10 minutes à pied, ou navette gratuite les soirs "
                "de représentation."
            ),
            "accessibility": "Salles accessibles en fauteuil roulant, boucle magnétique.",
        },
    },
    "pentes": {
        "name": "Théâtre des Pentes",
        "department": "69",
        "contact_name": "Mathilde Perrin",
        "contact_email": "billetterie@theatre-pentes.test",
        "phone": "04 78 28 41 06",
        "website": "https://theatre-pentes.test/",
        "venue": {
            "name": "Théâtre des Pentes",
            "address": "12 montée de la Grande-Côte",
            "postal_code": "69001",
            "city": "Lyon",
            "phone": "04 78 28 41 00",
            "access": "Entrée en haut de la montée, accueil au niveau de la rue.",
            "transport": "Métro Croix-Paquet (ligne C) ou Hôtel de Ville (lignes A et C).",
            "accessibility": (
                "Salle basse sans ascenseur : contactez l'accueil pour une place en salle haute."
            ),
        },
    },
    "confluent": {
        "name": "Orchestre du Confluent",
        "department": "69",
        "contact_name": "François Giraud",
        "contact_email": "publics@orchestre-confluent.test",
        "phone": "04 72 41 20 35",
        "website": "https://orchestre-confluent.test/",
        "venue": {
            "name": "Auditorium du Confluent",
            "address": "8 cours Charlemagne",
            "postal_code": "69002",
            "city": "Lyon",
            "phone": "04 72 41 20 00",
            "access": "Entrée principale sur le cours, vestiaire au sous-sol.",
            "transport": "Tramway T1 arrêt Sainte-Blandine, métro Perrache (ligne A).",
            "accessibility": "Accessible en fauteuil roulant, places au parterre.",
        },
    },
    "canuts": {
        "name": "Musée des Canuts",
        "department": "69",
        "contact_name": "Élise Bertrand",
        "contact_email": "reservation@musee-canuts.test",
        "phone": "04 78 28 62 04",
        "website": "https://musee-canuts.test/",
        "venue": {
            "name": "Musée des Canuts",
            "address": "10 rue d'Ivry",
            "postal_code": "69004",
            "city": "Lyon",
            "phone": "04 78 28 62 00",
            "access": "Accueil au rez-de-chaussée, atelier de tissage au premier étage.",
            "transport": "Métro Croix-Rousse (ligne C), bus C13 arrêt Place Croix-Rousse.",
            "accessibility": "Rez-de-chaussée seulement accessible en fauteuil roulant.",
        },
    },
}

# key: event. Slots are (days from today, "HH:MM", invitations offered[, max per booking]);
# days 1..2 are already past the 48 h cutoff, days 3..4 close within three days.
EVENTS = {
    "malade-imaginaire": {
        "partner": "faubourg",
        "title": "Le Malade imaginaire",
        "description": (
            "La dernière comédie de Molière dans une mise en scène joyeuse et musicale. "
            "Argan, persuadé d'être malade, veut marier sa fille à un médecin : servantes "
            "rusées, faux docteurs et vrais fous rires."
        ),
        "genres": ["theatre"],
        "audiences": ["famille", "adultes"],
        "duration": 120,
        "age": "dès 10 ans",
        "slots": [(10, "20:00", 12), (17, "20:00", 12), (-3, "20:00", 10)],
    },
    "cyrano": {
        "partner": "faubourg",
        "title": "Cyrano de Bergerac",
        "description": (
            "Le panache de Cyrano, poète et bretteur au grand nez, amoureux en secret de sa "
            "cousine Roxane. Une troupe de douze comédiens pour le chef-d'œuvre d'Edmond Rostand."
        ),
        "genres": ["theatre"],
        "audiences": ["adultes", "adolescents"],
        "duration": 165,
        "age": "dès 12 ans",
        "slots": [(3, "20:00", 8), (24, "20:00", 10)],
    },
    "petit-prince": {
        "partner": "faubourg",
        "title": "Le Petit Prince",
        "description": (
            "Un aviateur en panne dans le désert rencontre un petit garçon venu d'une autre "
            "planète. Marionnettes, ombres et musique pour redécouvrir le conte de "
            "Saint-Exupéry."
        ),
        "genres": ["theatre"],
        "audiences": ["jeune-public", "famille"],
        "duration": 60,
        "age": "dès 6 ans",
        "slots": [(20, "15:00", 15), (27, "15:00", 15), (1, "15:00", 10)],
    },
    "romeo-juliette": {
        "partner": "faubourg",
        "title": "Roméo et Juliette",
        "description": "La tragédie de Shakespeare, en cours de programmation.",
        "genres": ["theatre"],
        "audiences": ["adolescents", "adultes"],
        "duration": 150,
        "age": "dès 12 ans",
        "draft": True,
        "slots": [(50, "20:00", 10)],
    },
    "corps-en-ville": {
        "partner": "belleville",
        "title": "Corps en ville",
        "description": (
            "Six danseurs hip-hop et contemporains racontent la ville, ses trottoirs, ses "
            "métros et ses rencontres. Une heure d'énergie pure, suivie d'un échange avec "
            "la compagnie."
        ),
        "genres": ["danse"],
        "audiences": ["adultes", "adolescents"],
        "duration": 70,
        "age": "dès 12 ans",
        "slots": [(8, "19:30", 10), (29, "19:30", 10)],
    },
    "petits-plats": {
        "partner": "belleville",
        "title": "Les Petits Plats dans les grands",
        "description": (
            "Une cuisinière maladroite prépare le repas de fête de tout un immeuble. Un "
            "spectacle sans paroles, plein de gags et de casseroles, pour les petits et "
            "les grands."
        ),
        "genres": ["theatre"],
        "audiences": ["famille", "jeune-public"],
        "duration": 55,
        "age": "dès 4 ans",
        "slots": [(6, "15:00", 15), (13, "15:00", 15), (-6, "15:00", 12)],
    },
    "bal-moderne": {
        "partner": "belleville",
        "title": "Bal moderne",
        "description": (
            "Trois chorégraphes apprennent au public trois courtes danses, puis tout le monde "
            "danse ensemble. Aucune expérience nécessaire, juste l'envie de bouger."
        ),
        "genres": ["danse"],
        "audiences": ["famille", "seniors"],
        "duration": 120,
        "age": "tout public",
        "slots": [(33, "18:00", 25), (47, "18:00", 25)],
    },
    "nuit-danse": {
        "partner": "belleville",
        "title": "Nuit de la danse contemporaine",
        "description": "Programmation en cours.",
        "genres": ["danse"],
        "audiences": ["adultes"],
        "duration": 180,
        "age": "dès 14 ans",
        "draft": True,
        "slots": [],
    },
    "voltige": {
        "partner": "etoiles",
        "title": "Voltige !",
        "description": (
            "Trapèze, mât chinois et bascule : une famille d'acrobates défie la pesanteur "
            "sous le chapiteau, accompagnée par un orchestre live."
        ),
        "genres": ["cirque"],
        "audiences": ["famille", "jeune-public"],
        "duration": 90,
        "age": "dès 5 ans",
        "slots": [(14, "15:00", 20, 6), (15, "15:00", 20, 6), (1, "19:00", 6, 6)],
    },
    "grand-cabaret": {
        "partner": "etoiles",
        "title": "Le Grand Cabaret des Étoiles",
        "description": (
            "Jongleurs, clowns, équilibristes et magiciens se succèdent sur la piste pour une "
            "soirée de cabaret comme autrefois."
        ),
        "genres": ["cirque"],
        "audiences": ["famille", "seniors"],
        "duration": 120,
        "age": "tout public",
        "slots": [(21, "20:00", 16), (-10, "15:00", 12)],
    },
    "petits-acrobates": {
        "partner": "etoiles",
        "title": "Les Petits Acrobates, atelier-spectacle",
        "description": (
            "Un court spectacle suivi d'une initiation aux arts du cirque pour les enfants, "
            "encadrée par les artistes. Tenue souple conseillée."
        ),
        "genres": ["cirque"],
        "audiences": ["jeune-public"],
        "duration": 60,
        "age": "de 4 à 10 ans",
        "slots": [(42, "10:30", 12), (49, "10:30", 12)],
    },
    "impressionnistes": {
        "partner": "vie-parisienne",
        "title": "Paris au temps des impressionnistes, visite guidée",
        "description": (
            "Une conférencière fait découvrir les boulevards, les guinguettes et les gares "
            "peints par Monet, Caillebotte et Pissarro, à travers les collections du musée."
        ),
        "genres": ["musee", "exposition"],
        "audiences": ["adultes", "seniors"],
        "duration": 90,
        "age": "dès 12 ans",
        "slots": [(21, "14:30", 12), (35, "14:30", 12)],
    },
    "enquete-marais": {
        "partner": "vie-parisienne",
        "title": "Enquête au musée : le mystère du Marais",
        "description": (
            "Un jeu de piste en famille dans les salles du musée : indices, énigmes et "
            "objets cachés pour retrouver le trésor perdu d'un hôtel particulier."
        ),
        "genres": ["musee"],
        "audiences": ["famille", "jeune-public"],
        "duration": 75,
        "age": "dès 7 ans",
        "slots": [(9, "10:30", 15), (23, "10:30", 15)],
    },
    "affiches": {
        "partner": "vie-parisienne",
        "title": "Affiches de Paris, 1880-1930",
        "description": (
            "Cabarets, grands magasins, chemins de fer : deux cents affiches racontent la "
            "naissance de la publicité et de la ville moderne. Visite commentée."
        ),
        "genres": ["exposition"],
        "audiences": ["adultes", "seniors", "adolescents"],
        "duration": 60,
        "age": "tout public",
        "slots": [(5, "11:00", 20), (19, "11:00", 20), (-17, "11:00", 10)],
    },
    "ernest-celestine": {
        "partner": "quartier-latin",
        "title": "Ciné-goûter : Ernest et Célestine",
        "description": (
            "L'amitié d'un gros ours et d'une petite souris, d'après les albums de Gabrielle "
            "Vincent. La projection est suivie d'un goûter offert."
        ),
        "genres": ["cinema"],
        "audiences": ["famille", "jeune-public"],
        "duration": 80,
        "age": "dès 5 ans",
        "slots": [(7, "14:00", 25), (28, "14:00", 25)],
    },
    "quatre-cents-coups": {
        "partner": "quartier-latin",
        "title": "Ciné-club : Les Quatre Cents Coups",
        "description": (
            "Le premier film de François Truffaut, l'histoire d'Antoine Doinel, adolescent "
            "parisien en quête de liberté. Présentation et discussion après la séance."
        ),
        "genres": ["cinema"],
        "audiences": ["adultes", "adolescents"],
        "duration": 99,
        "age": "dès 12 ans",
        "slots": [(12, "20:00", 20), (26, "20:00", 20)],
    },
    "intouchables": {
        "partner": "quartier-latin",
        "title": "Séance en audiodescription : Intouchables",
        "description": (
            "La rencontre d'un aristocrate tétraplégique et de son auxiliaire de vie venu de "
            "banlieue. Séance en audiodescription, casques fournis à l'accueil."
        ),
        "genres": ["cinema"],
        "audiences": ["adultes", "seniors"],
        "duration": 112,
        "age": "dès 10 ans",
        "slots": [(45, "14:00", 20), (54, "14:00", 20)],
    },
    "quatre-saisons": {
        "partner": "lutece",
        "title": "Les Quatre Saisons de Vivaldi",
        "description": (
            "Le printemps, l'été, l'automne et l'hiver en musique : l'orchestre présente "
            "chaque saison avant de la jouer. Un premier concert idéal."
        ),
        "genres": ["concert"],
        "audiences": ["famille", "seniors", "adultes"],
        "duration": 70,
        "age": "tout public",
        "slots": [(11, "20:00", 10), (25, "17:00", 10)],
    },
    "mozart-schubert": {
        "partner": "lutece",
        "title": "Concert du dimanche : Mozart et Schubert",
        "description": (
            "Le quintette « La Truite » de Schubert et une sérénade de Mozart, suivis d'un "
            "moment d'échange avec les musiciens autour d'un café."
        ),
        "genres": ["concert"],
        "audiences": ["seniors", "adultes"],
        "duration": 75,
        "age": "tout public",
        "slots": [(16, "11:00", 8), (30, "11:00", 8)],
    },
    "swing-manouche": {
        "partner": "lutece",
        "title": "Swing manouche au Marais",
        "description": (
            "Guitares, violon et contrebasse : un trio rend hommage à Django Reinhardt. "
            "Ambiance club, on peut taper du pied."
        ),
        "genres": ["concert"],
        "audiences": ["adultes", "seniors"],
        "duration": 90,
        "age": "tout public",
        "slots": [(38, "20:30", 10), (52, "20:30", 10)],
    },
    "flute-enchantee": {
        "partner": "batignolles",
        "title": "La Flûte enchantée",
        "description": (
            "L'opéra-conte de Mozart, chanté en allemand et surtitré en français : le prince "
            "Tamino et l'oiseleur Papageno partent délivrer Pamina."
        ),
        "genres": ["opera"],
        "audiences": ["famille", "adultes"],
        "duration": 150,
        "age": "dès 8 ans",
        "slots": [(18, "19:30", 8), (32, "19:30", 8)],
    },
    "carmen": {
        "partner": "batignolles",
        "title": "Carmen",
        "description": (
            "L'opéra de Bizet dans une mise en scène contemporaine : Séville, la manufacture "
            "de tabac, Don José et la liberté farouche de Carmen. Surtitré."
        ),
        "genres": ["opera"],
        "audiences": ["adultes", "seniors"],
        "duration": 165,
        "age": "dès 12 ans",
        "slots": [(26, "19:30", 6), (40, "15:00", 6)],
    },
    "volley-tourcoing": {
        "partner": "volley",
        "title": "Paris Volley – Tourcoing, championnat de France",
        "description": (
            "Match de Ligue A masculine. Ambiance familiale, animations à la mi-temps et "
            "séance d'autographes avec les joueurs après le match."
        ),
        "genres": ["sport"],
        "audiences": ["famille", "adolescents"],
        "duration": 120,
        "age": "tout public",
        "slots": [(9, "20:00", 30), (23, "20:00", 30)],
    },
    "rire-ensemble": {
        "partner": "canal",
        "title": "Rire ensemble : plateau d'humoristes",
        "description": (
            "Cinq jeunes humoristes testent leurs nouveaux sketchs devant le public. Un "
            "maître de cérémonie, beaucoup d'autodérision et aucun temps mort."
        ),
        "genres": ["humour"],
        "audiences": ["adultes"],
        "duration": 80,
        "age": "dès 14 ans",
        "slots": [(4, "21:00", 4), (11, "21:00", 8), (25, "21:00", 8)],
    },
    "seule-en-scene": {
        "partner": "canal",
        "title": "Ma mère, l'Algérie et moi",
        "description": (
            "Seule en scène, une comédienne raconte avec tendresse et humour son enfance "
            "entre Oran et Belleville, et sa mère qui ne renonce jamais."
        ),
        "genres": ["humour", "theatre"],
        "audiences": ["adultes", "adolescents"],
        "duration": 75,
        "age": "dès 12 ans",
        "slots": [(15, "20:00", 6), (36, "20:00", 6)],
    },
    "antigone": {
        "partner": "basilique",
        "title": "Antigone",
        "description": (
            "La tragédie de Sophocle portée par une troupe de jeunes comédiens de "
            "Seine-Saint-Denis : faut-il obéir à la loi ou à sa conscience ?"
        ),
        "genres": ["theatre"],
        "audiences": ["adolescents", "adultes"],
        "duration": 95,
        "age": "dès 13 ans",
        "slots": [(8, "20:00", 12), (22, "20:00", 12)],
    },
    "contes": {
        "partner": "basilique",
        "title": "Contes d'ici et d'ailleurs",
        "description": (
            "Une conteuse et un musicien font voyager les enfants du Mali à la Bretagne, "
            "avec une kora, un accordéon et beaucoup d'imagination."
        ),
        "genres": ["theatre"],
        "audiences": ["jeune-public", "famille"],
        "duration": 50,
        "age": "dès 4 ans",
        "slots": [(5, "14:30", 15), (19, "14:30", 15), (-5, "14:30", 10)],
    },
    "cirque-en-chantier": {
        "partner": "plaine",
        "title": "Cirque en chantier",
        "description": (
            "Échafaudages, brouettes et échelles deviennent des agrès : quatre acrobates "
            "transforment un chantier en piste de cirque."
        ),
        "genres": ["cirque"],
        "audiences": ["famille"],
        "duration": 75,
        "age": "dès 6 ans",
        "slots": [(10, "15:00", 5), (24, "15:00", 10)],
    },
    "equilibres": {
        "partner": "plaine",
        "title": "Équilibres",
        "description": (
            "Un duo de mains à mains, entre force et douceur, sur une musique électronique "
            "jouée en direct."
        ),
        "genres": ["cirque", "danse"],
        "audiences": ["adultes", "adolescents"],
        "duration": 65,
        "age": "dès 10 ans",
        "slots": [(31, "20:00", 10)],
    },
    "les-miserables": {
        "partner": "croix-de-chavaux",
        "title": "Ciné-débat : Les Misérables",
        "description": (
            "Le film de Ladj Ly, tourné à Montfermeil, suivi d'un débat avec une association "
            "de quartier sur la jeunesse et la police."
        ),
        "genres": ["cinema"],
        "audiences": ["adultes", "adolescents"],
        "duration": 104,
        "age": "dès 14 ans",
        "slots": [(9, "20:00", 30), (37, "20:00", 30)],
    },
    "kirikou": {
        "partner": "croix-de-chavaux",
        "title": "Ciné-mômes : Kirikou et la Sorcière",
        "description": (
            "Le petit Kirikou, né dans un village d'Afrique de l'Ouest, affronte la sorcière "
            "Karaba. Le film de Michel Ocelot sur grand écran."
        ),
        "genres": ["cinema"],
        "audiences": ["jeune-public", "famille"],
        "duration": 74,
        "age": "dès 4 ans",
        "slots": [(3, "14:00", 20), (17, "14:00", 20)],
    },
    "basket-saint-quentin": {
        "partner": "aubervilliers",
        "title": "Aubervilliers – Saint-Quentin, Nationale 1",
        "description": (
            "Le club d'Aubervilliers reçoit Saint-Quentin pour un match de haut de tableau. "
            "Buvette solidaire tenue par les jeunes du club."
        ),
        "genres": ["sport"],
        "audiences": ["famille", "adolescents"],
        "duration": 120,
        "age": "tout public",
        "slots": [(13, "20:00", 40), (27, "20:00", 40)],
    },
    "fanfare-balkans": {
        "partner": "bobigny",
        "title": "Fanfare des Balkans",
        "description": (
            "Cuivres, percussions et chants : une fanfare de dix musiciens qui fait danser la "
            "salle entière du premier au dernier morceau."
        ),
        "genres": ["concert"],
        "audiences": ["famille", "adultes"],
        "duration": 90,
        "age": "tout public",
        "slots": [(12, "20:30", 15), (26, "20:30", 15)],
    },
    "battle-breakdance": {
        "partner": "bobigny",
        "title": "Battle de breakdance",
        "description": (
            "Les meilleurs danseurs d'Île-de-France s'affrontent en un contre un et en "
            "équipes, arbitrés par un jury et un DJ."
        ),
        "genres": ["danse"],
        "audiences": ["adolescents", "jeune-public"],
        "duration": 150,
        "age": "dès 8 ans",
        "slots": [(20, "16:00", 20), (1, "18:00", 8)],
    },
    "songe-nuit-ete": {
        "partner": "nanterre",
        "title": "Le Songe d'une nuit d'été",
        "description": (
            "Amoureux perdus dans une forêt enchantée, fées facétieuses et artisans "
            "comédiens : la comédie de Shakespeare en plein air sous les arbres du parc."
        ),
        "genres": ["theatre"],
        "audiences": ["adultes", "adolescents"],
        "duration": 140,
        "age": "dès 12 ans",
        "slots": [(14, "20:30", 10), (28, "20:30", 10)],
    },
    "pierre-loup": {
        "partner": "nanterre",
        "title": "Pierre et le Loup",
        "description": (
            "Le conte musical de Prokofiev : chaque personnage est un instrument. Un "
            "récitant guide les enfants à la découverte de l'orchestre."
        ),
        "genres": ["concert"],
        "audiences": ["jeune-public", "famille"],
        "duration": 45,
        "age": "dès 4 ans",
        "slots": [(6, "10:30", 20), (34, "15:00", 20)],
    },
    "stand-up-solidaire": {
        "partner": "nanterre",
        "title": "Stand-up solidaire",
        "description": "Une soirée d'humour dont la recette va à une épicerie solidaire.",
        "genres": ["humour"],
        "audiences": ["adultes"],
        "duration": 90,
        "age": "dès 16 ans",
        "slots": [(39, "20:30", 8)],
    },
    "fourberies-scapin": {
        "partner": "pentes",
        "title": "Les Fourberies de Scapin",
        "description": (
            "Scapin, valet malin, enchaîne les ruses pour tirer d'affaire deux jeunes "
            "amoureux. La célèbre scène de la galère, et des coups de bâton pour rire."
        ),
        "genres": ["theatre"],
        "audiences": ["famille", "adolescents"],
        "duration": 100,
        "age": "dès 10 ans",
        "slots": [(10, "20:00", 10), (31, "20:00", 10)],
    },
    "match-impro": {
        "partner": "pentes",
        "title": "Match d'improvisation",
        "description": (
            "Deux équipes de comédiens improvisent sur des thèmes tirés au sort par le "
            "public, sous l'œil d'un arbitre intraitable."
        ),
        "genres": ["humour", "theatre"],
        "audiences": ["adultes", "adolescents"],
        "duration": 90,
        "age": "dès 12 ans",
        "slots": [(4, "20:30", 8), (18, "20:30", 8)],
    },
    "nouveau-monde": {
        "partner": "confluent",
        "title": "Symphonie du Nouveau Monde",
        "description": (
            "La neuvième symphonie de Dvořák, écrite à New York, avec ses airs de folklore "
            "américain et tchèque. Présentée par le chef avant le concert."
        ),
        "genres": ["concert"],
        "audiences": ["adultes", "seniors", "famille"],
        "duration": 80,
        "age": "tout public",
        "slots": [(16, "20:00", 15), (44, "20:00", 15)],
    },
    "carnaval-animaux": {
        "partner": "confluent",
        "title": "Concert en famille : le Carnaval des animaux",
        "description": (
            "Lions, tortues, éléphants et kangourous défilent en musique dans l'œuvre "
            "malicieuse de Saint-Saëns, racontée aux enfants."
        ),
        "genres": ["concert"],
        "audiences": ["jeune-public", "famille"],
        "duration": 50,
        "age": "dès 3 ans",
        "slots": [(7, "11:00", 20), (35, "11:00", 20)],
    },
    "croix-rousse-canuts": {
        "partner": "canuts",
        "title": "La Croix-Rousse des canuts, visite guidée",
        "description": (
            "Des métiers à tisser en fonctionnement aux traboules du quartier : la vie des "
            "ouvriers de la soie au XIXe siècle racontée par un guide."
        ),
        "genres": ["musee"],
        "audiences": ["adultes", "seniors"],
        "duration": 90,
        "age": "dès 10 ans",
        "slots": [(12, "14:00", 12), (26, "14:00", 12)],
    },
    "soieries": {
        "partner": "canuts",
        "title": "Soieries lyonnaises",
        "description": (
            "Foulards, robes et tentures : une exposition sur trois siècles de soie à Lyon, "
            "avec un atelier de tissage pour les enfants."
        ),
        "genres": ["exposition"],
        "audiences": ["famille", "seniors"],
        "duration": 60,
        "age": "tout public",
        "slots": [(20, "10:00", 15), (48, "10:00", 15)],
    },
}

# The three relay structures, their worker and the people they follow.
STRUCTURES = {
    "passerelle": {
        "name": "Association La Passerelle",
        "kind": "association",
        "department": "75",
        "address": "27 rue Oberkampf",
        "postal_code": "75011",
        "city": "Paris",
        "phone": "01 43 57 21 90",
        "email": "accueil@la-passerelle.test",
        "beneficiaries": [
            ("Fatima", "Benali", 1978, "06 12 48 73 20"),
            ("Jean-Pierre", "Morel", 1956, ""),
            ("Aïcha", "Diallo", 1989, "07 68 21 54 09"),
            ("Sébastien", "Lefèvre", 1971, ""),
            ("Nadia", "Haddad", 1984, "06 41 37 92 15"),
            ("Mamadou", "Traoré", 1992, ""),
            ("Élodie", "Garnier", 1995, "07 52 18 66 41"),
            ("Kévin", "Nguyen", 2001, ""),
            ("Josiane", "Petit", 1949, "01 43 55 20 17"),
            ("Rachid", "Bouaziz", 1980, ""),
        ],
        "companions": [
            ("Julien", "Mercier", "professional"),
            ("Monique", "Girard", "volunteer"),
            ("Thierry", "Robin", "volunteer"),
        ],
    },
    "amandiers": {
        "name": "CHRS Les Amandiers",
        "kind": "chrs",
        "department": "75",
        "address": "12 rue des Amandiers",
        "postal_code": "75020",
        "city": "Paris",
        "phone": "01 46 36 82 40",
        "email": "secretariat@chrs-amandiers.test",
        "beneficiaries": [
            ("Yannick", "Le Goff", 1975, ""),
            ("Sandrine", "Roux", 1982, "06 33 71 28 94"),
            ("Olivier", "Faure", 1968, ""),
            ("Malika", "Cherif", 1990, "07 81 44 26 13"),
            ("Dimitri", "Popescu", 1987, ""),
            ("Claire", "Vasseur", 1979, ""),
        ],
        "companions": [("Hélène", "Marchal", "professional")],
    },
    "floreal": {
        "name": "Centre social Floréal",
        "kind": "centre_social",
        "department": "93",
        "address": "3 allée Romain-Rolland",
        "postal_code": "93200",
        "city": "Saint-Denis",
        "phone": "01 48 22 67 30",
        "email": "contact@cs-floreal.test",
        "beneficiaries": [
            ("Samia", "Mansouri", 1986, "06 24 91 37 58"),
            ("Moussa", "Koné", 1998, ""),
            ("Linda", "Pereira", 1973, ""),
            ("Patrick", "Lemoine", 1964, "06 58 12 40 73"),
            ("Awa", "Sissoko", 1991, ""),
            ("Grégory", "Blanchard", 1983, ""),
        ],
        "companions": [
            ("Karima", "Aït-Ali", "professional"),
            ("Bernard", "Lucas", "volunteer"),
        ],
    },
}

# email: account. `password` names one of the passwords above; None = cannot log in.
ACCOUNTS = {
    "relais@demo.test": {
        "label": "Travailleuse sociale (Paris 75)",
        "first_name": "Camille",
        "last_name": "Dupont",
        "phone": "06 71 42 18 93",
        "structure": "passerelle",
        "password": PASSWORD_WORKER,
    },
    "autre-relais@demo.test": {
        "label": "Travailleuse sociale (Seine-Saint-Denis 93)",
        "first_name": "Yasmine",
        "last_name": "Khelifi",
        "phone": "06 27 83 51 46",
        "structure": "floreal",
        "password": PASSWORD_WORKER,
    },
    "equipe75@demo.test": {
        "label": "Équipe du département de Paris (administration)",
        "first_name": "Thomas",
        "last_name": "Lambert",
        "phone": "01 42 72 18 31",
        "is_staff": True,
        "departments": ["75"],
        "password": PASSWORD_STAFF,
    },
    "admin@demo.test": {
        "label": "Super-administrateur",
        "first_name": "Agnès",
        "last_name": "Rivière",
        "is_staff": True,
        "is_superuser": True,
        "password": PASSWORD_ADMIN,
    },
    # The worker of the second Paris structure: books, but has no demo password.
    "m.lebrun@chrs-amandiers.test": {
        "first_name": "Marc",
        "last_name": "Lebrun",
        "phone": "01 46 36 82 41",
        "structure": "amandiers",
        "password": None,
    },
}

# Participants: ("beneficiary", "First Last"), ("guest", "First Last", "host's full name"),
# ("companion", "First Last"). `created` is days before now (upcoming slots) or before the
# slot (past slots). Full slots are filled exactly by the bookings below.
BOOKINGS = {
    # Association La Passerelle (the demo worker): upcoming.
    "passerelle-malade": {
        "structure": "passerelle",
        "slot": ("malade-imaginaire", 0),
        "created": 4,
        "participants": [
            ("beneficiary", "Fatima Benali"),
            ("guest", "Inès Benali", "Fatima Benali"),
        ],
    },
    "passerelle-vivaldi": {
        "structure": "passerelle",
        "slot": ("quatre-saisons", 0),
        "created": 2,
        "participants": [("beneficiary", "Jean-Pierre Morel")],
    },
    "passerelle-voltige": {
        "structure": "passerelle",
        "slot": ("voltige", 0),
        "created": 3,
        "participants": [
            ("beneficiary", "Aïcha Diallo"),
            ("guest", "Adam Diallo", "Aïcha Diallo"),
            ("guest", "Maïmouna Diallo", "Aïcha Diallo"),
            ("companion", "Julien Mercier"),
        ],
    },
    "passerelle-impressionnistes": {
        "structure": "passerelle",
        "slot": ("impressionnistes", 0),
        "created": 1,
        "participants": [
            ("beneficiary", "Sébastien Lefèvre"),
            ("companion", "Monique Girard"),
        ],
    },
    "passerelle-rire": {  # a full slot that also closes within three days
        "structure": "passerelle",
        "slot": ("rire-ensemble", 0),
        "created": 5,
        "participants": [
            ("beneficiary", "Nadia Haddad"),
            ("guest", "Sofiane Haddad", "Nadia Haddad"),
        ],
    },
    "passerelle-cyrano": {  # closes within three days
        "structure": "passerelle",
        "slot": ("cyrano", 0),
        "created": 2,
        "participants": [("beneficiary", "Mamadou Traoré")],
    },
    "passerelle-petit-prince": {  # past its cutoff, not started: cancelling has expired
        "structure": "passerelle",
        "slot": ("petit-prince", 2),
        "created": 6,
        "participants": [
            ("beneficiary", "Élodie Garnier"),
            ("guest", "Lucas Garnier", "Élodie Garnier"),
        ],
    },
    "passerelle-mozart": {
        "structure": "passerelle",
        "slot": ("mozart-schubert", 0),
        "created": 1,
        "participants": [
            ("beneficiary", "Josiane Petit"),
            ("companion", "Thierry Robin"),
        ],
    },
    "passerelle-flute-annulee": {
        "structure": "passerelle",
        "slot": ("flute-enchantee", 0),
        "created": 5,
        "cancelled": True,
        "participants": [("beneficiary", "Kévin Nguyen")],
    },
    # Past, attendance not recorded yet: "à valider".
    "passerelle-malade-passe": {
        "structure": "passerelle",
        "slot": ("malade-imaginaire", 2),
        "created": 9,
        "participants": [
            ("beneficiary", "Fatima Benali"),
            ("guest", "Inès Benali", "Fatima Benali"),
        ],
    },
    "passerelle-petits-plats-passe": {
        "structure": "passerelle",
        "slot": ("petits-plats", 2),
        "created": 8,
        "participants": [
            ("beneficiary", "Rachid Bouaziz"),
            ("guest", "Yanis Bouaziz", "Rachid Bouaziz"),
            ("companion", "Julien Mercier"),
        ],
    },
    "passerelle-cabaret-passe": {
        "structure": "passerelle",
        "slot": ("grand-cabaret", 1),
        "created": 12,
        "participants": [
            ("beneficiary", "Aïcha Diallo"),
            ("guest", "Adam Diallo", "Aïcha Diallo"),
            ("guest", "Maïmouna Diallo", "Aïcha Diallo"),
        ],
    },
    # Past, attendance recorded, with a testimonial waiting for moderation.
    "passerelle-affiches-passe": {
        "structure": "passerelle",
        "slot": ("affiches", 2),
        "created": 10,
        "attendance": {"Jean-Pierre Morel": True, "Josiane Petit": False},
        "testimonial": (
            "Jean-Pierre Morel",
            "Une exposition magnifique : j'ai retrouvé les affiches que mon père collectionnait. "
            "Merci pour cette sortie, et pour la visite commentée.",
        ),
        "participants": [
            ("beneficiary", "Jean-Pierre Morel"),
            ("beneficiary", "Josiane Petit"),
        ],
    },
    # CHRS Les Amandiers (Paris, the other Paris structure).
    "amandiers-rire": {
        "structure": "amandiers",
        "slot": ("rire-ensemble", 0),
        "created": 6,
        "participants": [
            ("beneficiary", "Sandrine Roux"),
            ("guest", "Marion Roux", "Sandrine Roux"),
        ],
    },
    "amandiers-carmen-1": {
        "structure": "amandiers",
        "slot": ("carmen", 0),
        "created": 3,
        "participants": [
            ("beneficiary", "Yannick Le Goff"),
            ("guest", "Gwenaëlle Le Goff", "Yannick Le Goff"),
        ],
    },
    "amandiers-carmen-2": {
        "structure": "amandiers",
        "slot": ("carmen", 0),
        "created": 2,
        "participants": [
            ("beneficiary", "Olivier Faure"),
            ("companion", "Hélène Marchal"),
        ],
    },
    "amandiers-voltige": {
        "structure": "amandiers",
        "slot": ("voltige", 2),
        "created": 7,
        "participants": [
            ("beneficiary", "Malika Cherif"),
            ("guest", "Yasmine Cherif", "Malika Cherif"),
            ("guest", "Rayan Cherif", "Malika Cherif"),
        ],
    },
    "amandiers-cabaret-passe": {
        "structure": "amandiers",
        "slot": ("grand-cabaret", 1),
        "created": 14,
        "participants": [
            ("beneficiary", "Dimitri Popescu"),
            ("beneficiary", "Claire Vasseur"),
        ],
    },
    # Centre social Floréal (Seine-Saint-Denis, the second demo account).
    "floreal-chantier-1": {
        "structure": "floreal",
        "slot": ("cirque-en-chantier", 0),
        "created": 4,
        "participants": [
            ("beneficiary", "Samia Mansouri"),
            ("guest", "Nour Mansouri", "Samia Mansouri"),
            ("guest", "Ilyes Mansouri", "Samia Mansouri"),
        ],
    },
    "floreal-chantier-2": {
        "structure": "floreal",
        "slot": ("cirque-en-chantier", 0),
        "created": 2,
        "participants": [
            ("beneficiary", "Awa Sissoko"),
            ("guest", "Fatou Sissoko", "Awa Sissoko"),
        ],
    },
    "floreal-carmen": {
        "structure": "floreal",
        "slot": ("carmen", 0),
        "created": 4,
        "participants": [
            ("beneficiary", "Linda Pereira"),
            ("guest", "Ana Pereira", "Linda Pereira"),
        ],
    },
    "floreal-antigone": {
        "structure": "floreal",
        "slot": ("antigone", 0),
        "created": 3,
        "participants": [
            ("beneficiary", "Moussa Koné"),
            ("companion", "Karima Aït-Ali"),
        ],
    },
    "floreal-kirikou": {
        "structure": "floreal",
        "slot": ("kirikou", 0),
        "created": 5,
        "participants": [
            ("beneficiary", "Grégory Blanchard"),
            ("guest", "Léo Blanchard", "Grégory Blanchard"),
            ("guest", "Emma Blanchard", "Grégory Blanchard"),
            ("companion", "Bernard Lucas"),
        ],
    },
    "floreal-contes-passe": {
        "structure": "floreal",
        "slot": ("contes", 2),
        "created": 7,
        "participants": [
            ("beneficiary", "Patrick Lemoine"),
            ("guest", "Julie Lemoine", "Patrick Lemoine"),
        ],
    },
}
