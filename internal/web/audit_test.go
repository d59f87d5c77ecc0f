package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"imagier/internal/gallery"
	"imagier/internal/i18n"
	"imagier/internal/service"
)

func localizers(t *testing.T) (en, fr *i18n.Localizer) {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b.Localizer(language.English), b.Localizer(language.French)
}

const nb = "\u00a0"

// auditCases is an entry of every action kind the service records, as
// AuditLines resolves it, with its sentence in English and French.
var auditCases = []struct {
	line   service.AuditLine
	en, fr string
}{
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "review.publish"}, Items: 3, Kind: gallery.KindImage, Album: "Fête de la musique 2026"},
		"Service communication published 3 photos in “Fête de la musique 2026”",
		"Service communication a publié 3 photos dans «" + nb + "Fête de la musique 2026" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "review.publish"}, Items: 1, Item: "Concert"},
		"Service communication published “Concert”", "Service communication a publié «" + nb + "Concert" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "review.reject"}, Items: 2, Kind: gallery.KindVideo},
		"Service communication refused 2 videos", "Service communication a refusé 2 vidéos"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.create", Target: "Fêtes/Fête de la musique 2026"}},
		"Service communication created the album “Fête de la musique 2026”", "Service communication a créé l’album «" + nb + "Fête de la musique 2026" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.update", Target: "Fêtes/Été"}},
		"Service communication updated the album “Fêtes/Été”", "Service communication a modifié l’album «" + nb + "Fêtes/Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.rename", Target: "4", Detail: "Été"}},
		"Service communication renamed an album to “Été”", "Service communication a renommé un album en «" + nb + "Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.move", Target: "4", Detail: "parent=2"}, Facts: map[string]string{"parent": "2"}, Object: "Été", Parent: "Fêtes"},
		"Service communication moved “Été” into “Fêtes”", "Service communication a déplacé «" + nb + "Été" + nb + "» dans «" + nb + "Fêtes" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.move", Target: "4", Detail: "parent=0"}, Facts: map[string]string{"parent": "0"}},
		"Service communication moved an album since deleted to the top level", "Service communication a déplacé un album supprimé depuis au premier niveau"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.position"}, Object: "Été"},
		"Service communication changed the place of “Été” among its neighbours", "Service communication a changé la position de «" + nb + "Été" + nb + "» parmi ses voisins"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.delete"}, Facts: map[string]string{"trash_media": "true"}},
		"Service communication deleted an album and put its items in the trash", "Service communication a supprimé un album et mis ses éléments à la corbeille"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.delete"}, Facts: map[string]string{"trash_media": "false"}},
		"Service communication deleted an album", "Service communication a supprimé un album"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.visibility"}, Facts: map[string]string{"public": "true", "sub_albums": "3"}, Object: "Été"},
		"Service communication made “Été” and 3 sub-albums public", "Service communication a rendu publics «" + nb + "Été" + nb + "» et ses 3 sous-albums"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.visibility"}, Facts: map[string]string{"public": "true"}, Object: "Été"},
		"Service communication made “Été” public", "Service communication a rendu public «" + nb + "Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.visibility"}, Facts: map[string]string{"public": "false"}, Object: "Été"},
		"Service communication made “Été” private", "Service communication a rendu privé «" + nb + "Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.grant"}, Facts: map[string]string{"perms": "3"}, Object: "Été", Who: "Camille"},
		"Service communication gave “Camille” these rights on “Été”: see, download originals",
		"Service communication a donné à «" + nb + "Camille" + nb + "» ces droits sur «" + nb + "Été" + nb + "»" + nb + ": voir, télécharger les originaux"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "album.grant"}, Facts: map[string]string{"perms": "0"}, Object: "Été", Who: "Photographes", WhoGroup: true},
		"Service communication took back every right of “Photographes” (group) on “Été”",
		"Service communication a retiré tous les droits de «" + nb + "Photographes" + nb + "» (groupe) sur «" + nb + "Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.edit"}, Items: 1, Item: "Concert"},
		"Service communication edited “Concert”", "Service communication a modifié «" + nb + "Concert" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.tag"}, Facts: map[string]string{"tags": "fête,scène"}, Items: 2, Kind: gallery.KindImage},
		"Service communication tagged 2 photos with “fête”, “scène”",
		"Service communication a ajouté les mots-clés «" + nb + "fête" + nb + "», «" + nb + "scène" + nb + "» à 2 photos"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.untag"}, Facts: map[string]string{"tags": "fête"}, Items: 4, Kind: gallery.KindOther},
		"Service communication removed the tag “fête” from 4 items", "Service communication a retiré le mot-clé «" + nb + "fête" + nb + "» de 4 éléments"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.copy"}, Items: 2, Kind: gallery.KindImage, Album: "Été"},
		"Service communication added 2 photos to “Été”", "Service communication a ajouté 2 photos à «" + nb + "Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.move"}, Items: 2, Kind: gallery.KindImage, Album: "Été", From: "Brouillons"},
		"Service communication moved 2 photos from “Brouillons” to “Été”", "Service communication a déplacé 2 photos de «" + nb + "Brouillons" + nb + "» vers «" + nb + "Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.remove"}, Items: 2, Kind: gallery.KindImage},
		"Service communication removed 2 photos from an album since deleted", "Service communication a retiré 2 photos de un album supprimé depuis"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.delete"}, Items: 1, Kind: gallery.KindImage},
		"Service communication put 1 photo in the trash", "Service communication a mis 1 photo à la corbeille"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.restore"}, Items: 5},
		"Service communication restored 5 items from the trash", "Service communication a restauré 5 éléments depuis la corbeille"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.level"}, Facts: map[string]string{"level": "2"}, Items: 2, Kind: gallery.KindImage},
		"Service communication gave 2 photos the privacy level “Friends”", "Service communication a donné à 2 photos le niveau de confidentialité «" + nb + "Amis" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.cover"}, Album: "Été"},
		"Service communication chose the cover of “Été”", "Service communication a choisi la couverture de «" + nb + "Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "upload", Target: "IMG_1.jpg"}, Album: "Été"},
		"Service communication added “IMG_1.jpg” to “Été”", "Service communication a ajouté «" + nb + "IMG_1.jpg" + nb + "» à «" + nb + "Été" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "import", Target: "IMG_1.jpg"}},
		"Service communication added “IMG_1.jpg”", "Service communication a ajouté «" + nb + "IMG_1.jpg" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "upload.contribute", Target: "IMG_1.jpg"}, Album: "Été"},
		"Service communication sent “IMG_1.jpg” to “Été”, awaiting review", "Service communication a envoyé «" + nb + "IMG_1.jpg" + nb + "» dans «" + nb + "Été" + nb + "», en attente de validation"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "upload.existing", Target: "IMG_1.jpg"}},
		"Service communication added “IMG_1.jpg”, which was already in the library", "Service communication a ajouté «" + nb + "IMG_1.jpg" + nb + "», qui était déjà dans la photothèque"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "import.existing", Target: "IMG_1.jpg"}},
		"Service communication added “IMG_1.jpg”, which was already in the library", "Service communication a ajouté «" + nb + "IMG_1.jpg" + nb + "», qui était déjà dans la photothèque"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "upload.withheld", Target: "IMG_1.jpg"}},
		"Service communication sent “IMG_1.jpg”, which was withheld: nothing was stored", "Service communication a envoyé «" + nb + "IMG_1.jpg" + nb + "», qui a été retenu" + nb + ": rien n’a été enregistré"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "library.repair"}, Facts: map[string]string{"repaired": "2"}},
		"Service communication repaired 2 files", "Service communication a réparé 2 fichiers"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "trash.purge", UserName: "the server: emptying the trash"}, Facts: map[string]string{"items": "1"}},
		"The trash was emptied of 1 item", "La corbeille a été vidée de 1 élément"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "setting.change", Target: "guest_access", Detail: "false"}},
		"Service communication set the setting “guest_access” to “false”", "Service communication a réglé le paramètre «" + nb + "guest_access" + nb + "» sur «" + nb + "false" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "ip.block", Target: "192.0.2.0/24"}},
		"Service communication blocked the address 192.0.2.0/24", "Service communication a bloqué l’adresse 192.0.2.0/24"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "ip.unblock", Target: "3"}},
		"Service communication unblocked an address", "Service communication a débloqué une adresse"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "user.add", Target: "Camille"}},
		"Service communication created the account “Camille”", "Service communication a créé le compte «" + nb + "Camille" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "user.update", Target: "Camille"}},
		"Service communication changed the account “Camille”", "Service communication a modifié le compte «" + nb + "Camille" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "user.approve", Target: "7"}, Object: "Camille"},
		"Service communication let in “Camille”", "Service communication a accepté «" + nb + "Camille" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "user.refuse", Target: "7"}},
		"Service communication refused account no. 7", "Service communication a refusé le compte nº 7"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "invite.add"}},
		"Service communication made an invitation", "Service communication a créé une invitation"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "invite.revoke"}},
		"Service communication revoked an invitation", "Service communication a révoqué une invitation"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "group.add", Target: "Photographes"}},
		"Service communication created the group “Photographes”", "Service communication a créé le groupe «" + nb + "Photographes" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "group.delete", Target: "3"}},
		"Service communication deleted the group no. 3", "Service communication a supprimé le groupe nº 3"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "group.quota", Target: "3"}, Object: "Photographes"},
		"Service communication changed the storage quota of the group “Photographes”", "Service communication a changé le quota de stockage du groupe «" + nb + "Photographes" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "group.join", Target: "3 7"}, Object: "Photographes", Who: "Camille"},
		"Service communication added “Camille” to the group “Photographes”", "Service communication a ajouté «" + nb + "Camille" + nb + "» au groupe «" + nb + "Photographes" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "group.leave", Target: "3 7"}, Object: "Photographes"},
		"Service communication removed account no. 7 from the group “Photographes”", "Service communication a retiré le compte nº 7 du groupe «" + nb + "Photographes" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.setup"}},
		"Service communication set up the library", "Service communication a installé la photothèque"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.register", Detail: "awaiting approval"}},
		"Service communication made an account, awaiting approval", "Service communication a créé son compte, en attente de validation"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.register", Detail: "open"}},
		"Service communication made an account", "Service communication a créé son compte"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.invited"}},
		"Service communication joined through an invitation", "Service communication a rejoint la photothèque par une invitation"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.reset-link"}},
		"Service communication asked for a link to choose a new password", "Service communication a demandé un lien pour choisir un nouveau mot de passe"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.reset"}},
		"Service communication chose a new password through a reset link", "Service communication a choisi un nouveau mot de passe par un lien de réinitialisation"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.password"}},
		"Service communication changed their password", "Service communication a changé son mot de passe"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.signout-everywhere"}},
		"Service communication closed their other sessions", "Service communication a fermé ses autres sessions"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "key.add", Target: "Sauvegarde"}},
		"Service communication made the API key “Sauvegarde”", "Service communication a créé la clé d’API «" + nb + "Sauvegarde" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "key.revoke"}},
		"Service communication revoked an API key", "Service communication a révoqué une clé d’API"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.totp.on"}},
		"Service communication turned on two-step sign-in", "Service communication a activé la connexion en deux étapes"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.totp.off"}},
		"Service communication turned off two-step sign-in", "Service communication a désactivé la connexion en deux étapes"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "account.language"}},
		"Service communication changed their language", "Service communication a changé de langue"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "media.tag"}, Facts: map[string]string{"tags": "vu", "query": "tag:brocante"}, Items: 230, Kind: gallery.KindImage},
		"Service communication tagged 230 photos with “vu”, among the results of the search “tag:brocante”",
		"Service communication a ajouté le mot-clé «" + nb + "vu" + nb + "» à 230 photos, parmi les résultats de la recherche «" + nb + "tag:brocante" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "search.save", Target: "Fêtes"}},
		"Service communication saved the search “Fêtes”", "Service communication a enregistré la recherche «" + nb + "Fêtes" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "search.edit", Target: "Fêtes"}},
		"Service communication changed the saved search “Fêtes”", "Service communication a modifié la recherche enregistrée «" + nb + "Fêtes" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "search.delete", Target: "Fêtes"}},
		"Service communication deleted the saved search “Fêtes”", "Service communication a supprimé la recherche enregistrée «" + nb + "Fêtes" + nb + "»"},
	{service.AuditLine{AuditEntry: gallery.AuditEntry{Action: "something.new"}},
		"Service communication did “something.new”", "Service communication a effectué l’action «" + nb + "something.new" + nb + "»"},
}

// TestAuditSentences words an entry of every action kind, in both
// languages.
func TestAuditSentences(t *testing.T) {
	en, fr := localizers(t)
	for _, c := range auditCases {
		if c.line.UserName == "" {
			c.line.UserName = "Service communication"
		}
		t.Run(c.line.Action, func(t *testing.T) {
			if got := auditSentence(en, c.line); got != c.en {
				t.Errorf("en: got  %q\nwant %q", got, c.en)
			}
			if got := auditSentence(fr, c.line); got != c.fr {
				t.Errorf("fr: got  %q\nwant %q", got, c.fr)
			}
		})
	}
}

// TestEveryAuditActionWorded: every action code the service records has
// its own sentence, not the fallback that shows the code. The codes are
// read from the service's source, so a new one without words fails here.
func TestEveryAuditActionWorded(t *testing.T) {
	en, _ := localizers(t)
	files, err := filepath.Glob("../service/*.go")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`"([a-z]+(?:\.[a-z-]+)*)"`)
	batch := regexp.MustCompile(`Batch[A-Z][a-z]+ += "([a-z]+)"`)
	actions := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			if m := batch.FindStringSubmatch(line); m != nil {
				actions["media."+m[1]] = true
			}
			if !strings.Contains(line, "s.change(") && !strings.Contains(line, "s.audit(") && !strings.Contains(line, "action") {
				continue
			}
			for _, m := range literal.FindAllStringSubmatch(line, -1) {
				if a := m[1]; strings.Contains(a, ".") || a == "upload" || a == "import" {
					actions[a] = true
				}
			}
		}
	}
	if len(actions) < 40 {
		t.Fatalf("found %d action codes in the service, want them all (40 or more): %v", len(actions), actions)
	}
	for a := range actions {
		x := service.AuditLine{AuditEntry: gallery.AuditEntry{Action: a, UserName: "X"}}
		if got, fallback := auditSentence(en, x), en.T("%s did %s", "X", quote(en, a)); got == fallback {
			t.Errorf("action %q has no sentence of its own", a)
		}
	}
}
