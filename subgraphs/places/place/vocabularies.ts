// Vocabularies of the national standard *lieux de médiation numérique* v1.0.2 and of the data·inclusion
// v0 structure typologies, generated from shared/reference/ (see SOURCES.md there). Do not edit by hand:
// GraphQL enum keys are the labels without accents or punctuation; labels are the standard's exact values.

/** One controlled vocabulary: GraphQL enum key -> the standard's label. */
export type Vocabulary = Readonly<Record<string, string>>;

/** `itinerance` */
export const ITINERANCE = {
  ITINERANT: 'Itinérant',
  FIXE: 'Fixe',
} as const satisfies Vocabulary;

/** `services` */
export const SERVICES = {
  AIDE_AUX_DEMARCHES_ADMINISTRATIVES: 'Aide aux démarches administratives',
  MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN: 'Maîtrise des outils numériques du quotidien',
  INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE: 'Insertion professionnelle via le numérique',
  UTILISATION_SECURISEE_DU_NUMERIQUE: 'Utilisation sécurisée du numérique',
  PARENTALITE_ET_EDUCATION_AVEC_LE_NUMERIQUE: 'Parentalité et éducation avec le numérique',
  LOISIRS_ET_CREATIONS_NUMERIQUES: 'Loisirs et créations numériques',
  COMPREHENSION_DU_MONDE_NUMERIQUE: 'Compréhension du monde numérique',
  ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE: 'Accès internet et matériel informatique',
  ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE:
    'Acquisition de matériel informatique à prix solidaire',
} as const satisfies Vocabulary;

/** `publics_specifiquement_adresses` */
export const PUBLICS = {
  JEUNES: 'Jeunes',
  ETUDIANTS: 'Étudiants',
  FAMILLES_ET_OU_ENFANTS: 'Familles et/ou enfants',
  SENIORS: 'Seniors',
  FEMMES: 'Femmes',
} as const satisfies Vocabulary;

/** `prise_en_charge_specifique` */
export const PRISE_EN_CHARGE_SPECIFIQUE = {
  SURDITE: 'Surdité',
  HANDICAPS_MOTEURS: 'Handicaps moteurs',
  HANDICAPS_MENTAUX: 'Handicaps mentaux',
  ILLETTRISME: 'Illettrisme',
  LANGUES_ETRANGERES_ANGLAIS: 'Langues étrangères (anglais)',
  LANGUES_ETRANGERES_AUTRES: 'Langues étrangères (autres)',
  DEFICIENCE_VISUELLE: 'Déficience visuelle',
} as const satisfies Vocabulary;

/** `frais_a_charge` */
export const FRAIS_A_CHARGE = {
  GRATUIT: 'Gratuit',
  GRATUIT_SOUS_CONDITION: 'Gratuit sous condition',
  PAYANT: 'Payant',
} as const satisfies Vocabulary;

/** `dispositif_programmes_nationaux` */
export const DISPOSITIF_PROGRAMMES_NATIONAUX = {
  AIDANTS_CONNECT: 'Aidants Connect',
  BIBLIOTHEQUES_NUMERIQUE_DE_REFERENCE: 'Bibliothèques numérique de référence',
  CERTIFICATION_PIX: 'Certification PIX',
  CONSEILLERS_NUMERIQUES: 'Conseillers numériques',
  EMMAUS_CONNECT: 'Emmaüs Connect',
  FRANCE_SERVICES: 'France Services',
  GRANDE_ECOLE_DU_NUMERIQUE: 'Grande école du numérique',
  LA_CROIX_ROUGE: 'La Croix Rouge',
  POINT_D_ACCES_NUMERIQUE_CAF: "Point d'accès numérique CAF",
  PROMENEURS_DU_NET: 'Promeneurs du net',
  RELAIS_NUMERIQUE_EMMAUS_CONNECT: 'Relais numérique (Emmaüs Connect)',
} as const satisfies Vocabulary;

/** `formations_labels` */
export const FORMATIONS_LABELS = {
  FORME_A_MON_ESPACE_SANTE: 'Formé à « Mon Espace Santé »',
  FORME_A_DUPLEX_ILLETTRISME: 'Formé à « DUPLEX » (illettrisme)',
  ARNIA_MEDNUM_BFC_BOURGOGNE_FRANCHE_COMTE: 'Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
  COLLECTIF_RESSOURCES_ET_ACTEURS_REEMPLOI_NORMANDIE: 'Collectif ressources et acteurs réemploi (Normandie)',
  ETAPES_NUMERIQUES_LA_POSTE: 'Étapes numériques(La Poste)',
  FABRIQUES_DE_TERRITOIRE: 'Fabriques de Territoire',
  LES_ECLAIREURS_DU_NUMERIQUE_DROME: 'Les Éclaireurs du numérique (Drôme)',
  MES_PAPIERS_METROPOLE_DE_LYON: 'Mes Papiers (Métropole de Lyon)',
  ORDI_3_0: 'ORDI 3.0',
  SUD_LABS_PACA: 'SUD LABS (PACA)',
} as const satisfies Vocabulary;

/** `modalites_acces` */
export const MODALITES_ACCES = {
  SE_PRESENTER: 'Se présenter',
  TELEPHONER: 'Téléphoner',
  CONTACTER_PAR_MAIL: 'Contacter par mail',
  PRENDRE_UN_RDV_EN_LIGNE: 'Prendre un RDV en ligne',
  CE_LIEU_N_ACCUEILLE_PAS_DE_PUBLIC: "Ce lieu n'accueille pas de public",
  ENVOYER_UN_MAIL_AVEC_UNE_FICHE_DE_PRESCRIPTION: 'Envoyer un mail avec une fiche de prescription',
} as const satisfies Vocabulary;

/** `modalites_accompagnement` */
export const MODALITES_ACCOMPAGNEMENT = {
  EN_AUTONOMIE: 'En autonomie',
  ACCOMPAGNEMENT_INDIVIDUEL: 'Accompagnement individuel',
  DANS_UN_ATELIER_COLLECTIF: 'Dans un atelier collectif',
  A_DISTANCE: 'À distance',
} as const satisfies Vocabulary;

/** `typologie`: data·inclusion v0 structure types; the code is kept as the key. */
export const TYPOLOGIES = {
  ACI: 'Structures porteuses d’ateliers et chantiers d’insertion (ACI)',
  ACIPHC: 'SIAE — Atelier chantier d’insertion premières heures en chantier',
  AFPA: 'Agence nationale pour la formation professionnelle des adultes (AFPA)',
  AI: 'Associations intermédiaires (AI)',
  ASE: 'Aide sociale à l’enfance (ASE)',
  ASSO: 'Associations',
  ASSO_CHOMEUR: 'Associations de chômeurs',
  AVIP: 'Crèche À Vocation d’Insertion Professionnelle (AVIP)',
  Autre: 'Autre',
  BIB: 'Bibliothèque / Médiathèque',
  CAARUD: 'CAARUD - Centre d’accueil et d’accompagnement à la réduction de risques pour usagers de drogues',
  CADA: 'Centres d’accueil de demandeurs d’asile (CADA)',
  CAF: 'Caisses d’allocation familiale (CAF)',
  CAP_EMPLOI: 'Cap Emploi',
  CAVA: 'Centres d’adaptation à la vie active (CAVA)',
  CC: 'Communautés de Commune',
  CCAS: 'Centres communaux d’action sociale (CCAS)',
  CCONS: 'Chambres consulaires (CCI, CMA, CA)',
  CD: 'Conseils Départementaux (CD)',
  CDAS: 'Centre Départementale d’Action Sociale (CDAS)',
  CFP: 'Centre des Finances Publiques (CFP)',
  CHRS: 'Centres d’hébergement et de réinsertion sociale (CHRS)',
  CHU: 'Centres d’hébergement d’urgence (CHU)',
  CIAS: 'Centres intercommunaux d’action sociale (CIAS)',
  CIDFF: 'Centres d’information sur les droits des femmes et des familles (CIDFF)',
  CITMET: 'Cité des métiers',
  CMP: 'Centre Médico-Psychologique (CMP)',
  CMS: 'Centre Médico-Social (CMS)',
  CPAM: 'Caisse Primaire d’Assurance Maladie (CPAM)',
  CPH: 'Centres provisoires d’hébergement (CPH)',
  CS: 'Centre social',
  CSAPA: 'CSAPA - Centre de soins, d’accompagnement et de prévention en addictologie',
  CSC: 'Centre Socio-Culturel (CSC)',
  DEETS: 'Directions de l’Economie, de l’Emploi, du Travail et des Solidarités (DEETS)',
  DEPT: 'Services sociaux du Conseil départemental',
  DIPLP: 'Délégation interministérielles à la prévention et à la lutte contre la pauvreté',
  E2C: 'E2C - École de la 2e chance',
  EA: 'Entreprise adaptée (EA)',
  EATT: 'Entreprise Adaptée (EATT)',
  EI: 'Entreprises d’insertion (EI)',
  EITI: 'Entreprises d’insertion par le travail indépendant (EITI)',
  ENM: 'Espace Numérique Mobile (ENM)',
  EPCI: 'Intercommunalité (EPCI)',
  EPI: 'Espace Public Internet (EPI)',
  EPIDE: 'EPIDE - Établissement pour l’insertion dans l’emploi',
  EPN: 'Espace Public Numérique (EPN)',
  ES: 'Épicerie Solidaire',
  ESS: 'Entreprise de l’Économie Sociale et Solidaire',
  ETABL_PRI: 'Établissement privé',
  ETABL_PUB: 'Établissement public',
  ETAT: 'Service de l’État',
  ETTI: 'Entreprises de travail temporaire d’insertion (ETTI)',
  EVS: 'Espace de Vie Sociale (EVS)',
  FABLAB: 'Fablab / Atelier partagé',
  FAIS: 'Fédérations d’acteurs de l’insertion et de la solidarité',
  FT: 'France Travail',
  GEIQ: 'Groupements d’employeurs pour l’insertion et la qualification (GEIQ)',
  HUDA: 'HUDA - Hébergement d’urgence pour demandeurs d’asile',
  LA_POSTE: 'Bureau de poste / Agence postale',
  MDA: 'Maison Départementale de l’Autonomie',
  MDE: 'Maison de l’emploi',
  MDEF: 'Maison de l’emploi et de la formation',
  MDPH: 'Maison Départementale des Personnes Handicapées',
  MDS: 'Maison Départementale des Solidarités',
  MJC: 'Maison des jeunes et de la culture',
  ML: 'Mission Locale',
  MQ: 'Maison de quartier',
  MSA: 'Mutualité Sociale Agricole',
  MSAP: 'Maison de Services Au Public (MSAP)',
  MUNI: 'Municipalités',
  OACAS: 'Structures agréées Organisme d’accueil communautaire et d’activité solidaire (OACAS)',
  ODC: 'Organisation délégataire d’un CD',
  OF: 'Organisme de formations',
  OIL: 'Opérateur d’intermédiation locative',
  OPCS: 'Organisation porteuse de la clause sociale',
  PAD: 'Point d’Accès au Droit',
  PENSION: 'Pension de famille / résidence accueil',
  PI: 'Point Information (PI)',
  PIJ_BIJ: 'Points et bureaux information jeunesse (PIJ/BIJ)',
  PIMMS: 'Point Information Médiation Multi Services (PIMMS)',
  PJJ: 'Protection judiciaire de la jeunesse (PJJ)',
  PLIE: 'Plans locaux pour l’insertion et l’emploi (PLIE)',
  PREF: 'Préfecture, Sous-Préfecture',
  PREVENTION: 'Service ou club de prévention',
  REG: 'Région',
  RESSOURCERIE: 'Ressourcerie',
  RFS: 'Réseau France Services',
  RS_FJT: 'Résidence sociale / FJT - Foyer de Jeunes Travailleurs',
  SCP: 'Services et clubs de prévention',
  SPIP: 'Services pénitentiaires d’insertion et de probation (SPIP)',
  TIERS_LIEUX: 'Tiers lieu & coworking',
  UDAF: 'Union Départementale d’Aide aux Familles (UDAF)',
} as const satisfies Vocabulary;
