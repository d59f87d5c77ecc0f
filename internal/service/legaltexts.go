package service

// DefaultPage returns a legal page's text until the webmaster writes
// theirs: a skeleton to fill in, the parts to complete in brackets. Its
// format is the one the pages show: paragraphs apart by a blank line, a
// line starting with "## " a heading, with "- " an item of a list.
func DefaultPage(page, lang string) string {
	return defaultPages[page+"."+lang]
}

var defaultPages = map[string]string{
	"legal.fr": `## Éditeur du site
Ce site est édité par [nom de l’organisation], [forme juridique], dont le siège est situé [adresse postale].
Téléphone : [numéro] — courriel : [adresse électronique]
[Numéro SIRET ou RNA, le cas échéant.]

## Directeur de la publication
[Prénom Nom], [fonction].

## Hébergement
Le site est hébergé par [nom de l’hébergeur], [adresse de l’hébergeur], [téléphone de l’hébergeur].

## Logiciel
Cette photothèque fonctionne avec Imagier, un logiciel libre installé chez l’hébergeur. Aucune page ne charge quoi que ce soit depuis un autre site.

## Propriété intellectuelle
Les photos et les vidéos publiées restent la propriété de leurs auteurs. Sauf mention contraire sur la page d’une photo, les reproduire ou les diffuser demande l’accord préalable de [nom de l’organisation].`,
	"legal.en": `## Publisher
This site is published by [name of the organisation], [legal form], whose registered office is at [postal address].
Telephone: [number] — e-mail: [e-mail address]
[Registration number, if any.]

## Director of publication
[First name Last name], [position].

## Hosting
The site is hosted by [name of the host], [host’s address], [host’s telephone number].

## Software
This photo library runs Imagier, free software installed at the host’s. No page loads anything from another site.

## Intellectual property
The photos and videos published remain the property of their authors. Unless a photo’s page says otherwise, reproducing or distributing them needs the prior consent of [name of the organisation].`,
	"privacy.fr": `## Responsable du traitement
[Nom de l’organisation], représentée par [Prénom Nom, fonction]. Délégué à la protection des données : [nom, adresse électronique].

## Ce que nous gardons
- Visiteurs : rien ne vous est demandé. Le site ne dépose un cookie que si vous choisissez une langue ; il n’y a ni mesure d’audience ni publicité.
- Titulaires d’un compte : le nom, l’adresse électronique si elle est donnée, le mot de passe sous une forme qui ne permet pas de le retrouver, les sessions ouvertes et le journal des actions faites dans la photothèque.
- Pour la sécurité du service, le journal d’activité garde l’adresse IP d’où chaque action est faite.

## Pourquoi
Ces données servent seulement à faire fonctionner la photothèque et à la protéger. Elles ne sont ni vendues ni transmises. [Base légale à préciser : mission d’intérêt public, intérêt légitime, consentement…]

## Personnes photographiées
Les photos où des personnes sont reconnaissables sont publiées [avec leur accord / selon les règles suivantes]. Si vous vous reconnaissez sur une photo, vous pouvez en demander le retrait en écrivant à [adresse électronique].

## Combien de temps
[Durées à préciser : comptes, journal d’activité, photos.]

## Vos droits
Vous pouvez consulter les données qui vous concernent, les faire corriger ou effacer, ou vous opposer à leur usage, en écrivant à [adresse électronique ou postale]. Si, après nous avoir écrit, vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL : https://www.cnil.fr`,
	"privacy.en": `## Data controller
[Name of the organisation], represented by [First name Last name, position]. Data protection officer: [name, e-mail address].

## What we keep
- Visitors: nothing is asked of you. The site sets a cookie only if you choose a language; there is no audience measurement and no advertising.
- Account holders: the name, the e-mail address if one is given, the password in a form from which it cannot be read back, the open sessions and the log of what was done in the photo library.
- For the service’s security, the activity log keeps the IP address each action comes from.

## Why
This data is used only to run the photo library and to protect it. It is neither sold nor passed on. [Legal basis to state: public interest task, legitimate interest, consent…]

## People in the photos
Photos in which people can be recognised are published [with their consent / under the following rules]. If you recognise yourself in a photo, you may ask for it to be removed by writing to [e-mail address].

## How long
[Periods to state: accounts, activity log, photos.]

## Your rights
You may see the data about you, have it corrected or erased, or object to its use, by writing to [e-mail or postal address]. If, having written to us, you consider that your rights are not respected, you may complain to the CNIL, the French data protection authority: https://www.cnil.fr`,
	"accessibility.fr": `[Nom de l’organisation] veut que cette photothèque puisse être utilisée par tous, y compris par les personnes en situation de handicap, comme le demande l’article 47 de la loi n° 2005-102 du 11 février 2005.

Cette déclaration porte sur le site [adresse du site].

## État de conformité
Le site [adresse du site] est [non conforme / partiellement conforme] au référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1. [Raison : aucun audit n’a encore été fait / les non-conformités listées plus bas.]

## Résultats des tests
[Si un audit a été fait : sa date, qui l’a fait, et le taux de critères du RGAA respectés, par exemple « 75 % des critères sont respectés ».]

## Contenus non accessibles
- Non-conformités : [liste]
- Dérogations pour charge disproportionnée : [liste, le cas échéant]
- Contenus non soumis à l’obligation d’accessibilité : [par exemple des photos d’archives sans description]

## Établissement de la déclaration
Déclaration établie le [date]. Le site utilise HTML, CSS et JavaScript ; il a été vérifié avec [outils, navigateurs et lecteurs d’écran].

## Nous signaler un problème
Si un contenu ou un service du site vous est inaccessible, écrivez-nous : nous vous indiquerons une autre façon d’y accéder ou vous enverrons le contenu sous une autre forme.
- Courriel : [adresse électronique]
- Courrier : [adresse postale]

## Voies de recours
Si vous nous avez signalé un défaut d’accessibilité et que notre réponse ne vous a pas permis d’accéder au contenu ou au service, vous pouvez saisir le Défenseur des droits :
- en ligne, par son formulaire : https://formulaire.defenseurdesdroits.fr/
- auprès d’un de ses délégués, près de chez vous : https://www.defenseurdesdroits.fr/saisir/delegues
- par courrier, sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07`,
	"accessibility.en": `[Name of the organisation] wants this photo library to be usable by everyone, people with disabilities included, as article 47 of French law no. 2005-102 of 11 February 2005 requires.

This statement covers the site [site address].

## Compliance status
The site [site address] is [not compliant / partially compliant] with the French accessibility framework (RGAA), version 4.1. [Reason: no audit has been made yet / the failures listed below.]

## Test results
[If an audit was made: its date, who made it, and the share of RGAA criteria met, for example “75% of the criteria are met”.]

## Content that is not accessible
- Failures: [list]
- Exemptions for disproportionate burden: [list, if any]
- Content outside the accessibility requirements: [for example archive photos without a description]

## About this statement
Statement made on [date]. The site uses HTML, CSS and JavaScript; it was checked with [tools, browsers and screen readers].

## Tell us about a problem
If you cannot reach a content or a service of the site, write to us: we will show you another way to reach it or send you the content in another form.
- E-mail: [e-mail address]
- Post: [postal address]

## Remedies
If you told us about an accessibility defect and our answer did not let you reach the content or service, you may refer the matter to the Défenseur des droits (the French rights ombudsman):
- online, through their form: https://formulaire.defenseurdesdroits.fr/
- through one of their delegates near you: https://www.defenseurdesdroits.fr/saisir/delegues
- by post, without a stamp: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07`,
}
