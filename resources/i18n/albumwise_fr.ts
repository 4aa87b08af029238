<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>CaptionBridge</name>
    <message>
        <source>reachable (version {version})</source>
        <translation>joignable (version {version})</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>joignable</translation>
    </message>
    <message numerus="yes">
        <source>Queued %Ln photo(s); captioning is paused — resume to continue</source>
        <translation>
            <numerusform>%Ln photo mise en file&#xa0;; le légendage est en pause — reprenez-le pour continuer</numerusform>
            <numerusform>%Ln photos mises en file&#xa0;; le légendage est en pause — reprenez-le pour continuer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queued %Ln photo(s) for captioning</source>
        <translation>
            <numerusform>%Ln photo mise en file pour le légendage</numerusform>
            <numerusform>%Ln photos mises en file pour le légendage</numerusform>
        </translation>
    </message>
    <message>
        <source>{host} answers again — captioning resumed</source>
        <translation>{host} répond de nouveau — le légendage reprend</translation>
    </message>
    <message numerus="yes">
        <source>{photos} photos captioned by %Ln generation(s) (bursts and duplicates are captioned once)</source>
        <translation>
            <numerusform>{photos} photos légendées en %Ln génération (les rafales et les doublons ne sont légendés qu’une fois)</numerusform>
            <numerusform>{photos} photos légendées en %Ln générations (les rafales et les doublons ne sont légendés qu’une fois)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation>
            <numerusform>%Ln jeton</numerusform>
            <numerusform>%Ln jetons</numerusform>
        </translation>
    </message>
    <message>
        <source>{tokens} · {speed} tokens/s</source>
        <translation>{tokens} · {speed} jetons/s</translation>
    </message>
    <message>
        <source>captioning failed</source>
        <translation>échec du légendage</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>Select a photo, then ask about it.</source>
        <translation>Sélectionnez une photo, puis posez votre question.</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>Ask about this photo… (Enter)</source>
        <translation>Poser une question sur cette photo… (Entrée)</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Demander</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <source>Asking about &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>Questions sur &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;You:&lt;/b&gt; {question}</source>
        <translation>&lt;b&gt;Vous&#xa0;:&lt;/b&gt; {question}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model:&lt;/b&gt; </source>
        <translation>&lt;b&gt;Modèle&#xa0;:&lt;/b&gt; </translation>
    </message>
    <message>
        <source>Could not ask the model: {error}</source>
        <translation>Impossible d’interroger le modèle&#xa0;: {error}</translation>
    </message>
</context>
<context>
    <name>CheckRow</name>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: checking…</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;&#xa0;: vérification…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: {result}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;&#xa0;: {result}</translation>
    </message>
    <message>
        <source>How to fix: {fix}</source>
        <translation>Pour corriger&#xa0;: {fix}</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>Install it with:  sudo apt install libimage-exiftool-perl   (Fedora: sudo dnf install perl-Image-ExifTool)</source>
        <translation>Installez-le avec&#xa0;:  sudo apt install libimage-exiftool-perl   (Fedora&#xa0;: sudo dnf install perl-Image-ExifTool)</translation>
    </message>
    <message>
        <source>Install it with:  brew install exiftool   (or the package from exiftool.org)</source>
        <translation>Installez-le avec&#xa0;:  brew install exiftool   (ou le paquet d’exiftool.org)</translation>
    </message>
    <message>
        <source>Download the Windows executable from https://exiftool.org and put exiftool.exe on your PATH.</source>
        <translation>Téléchargez l’exécutable Windows depuis https://exiftool.org et placez exiftool.exe dans un dossier de votre PATH.</translation>
    </message>
    <message>
        <source>{detail}: approved captions can be written into your photos.</source>
        <translation>{detail}&#xa0;: les légendes approuvées peuvent être écrites dans vos photos.</translation>
    </message>
    <message>
        <source>{detail}. You can still caption, review and search, but Albumwise cannot write captions into your photo files until exiftool is installed.</source>
        <translation>{detail}. Vous pouvez quand même légender, vérifier et rechercher, mais Albumwise ne pourra écrire les légendes dans vos fichiers photo qu’une fois exiftool installé.</translation>
    </message>
    <message>
        <source>exiftool not found on PATH</source>
        <translation>exiftool introuvable dans le PATH</translation>
    </message>
    <message>
        <source>exiftool {version} at {path}</source>
        <translation>exiftool {version} dans {path}</translation>
    </message>
    <message>
        <source>exiftool {version} at {path} is too old (12.15 or newer is needed)</source>
        <translation>exiftool {version} dans {path} est trop ancien (il faut la version 12.15 ou plus récente)</translation>
    </message>
    <message>
        <source>Ollama is not reachable at {url}.</source>
        <translation>Ollama n’est pas joignable à l’adresse {url}.</translation>
    </message>
    <message>
        <source>Install Ollama from https://ollama.com/download and start it (open the app, or run:  ollama serve). If it runs on another computer, add that address under Settings → Hosts.</source>
        <translation>Installez Ollama depuis https://ollama.com/download et lancez-le (ouvrez l’application ou exécutez&#xa0;:  ollama serve). S’il tourne sur un autre ordinateur, ajoutez son adresse dans Paramètres → Serveurs.</translation>
    </message>
    <message>
        <source>Ollama answers at {url} but listing its models failed: {error}</source>
        <translation>Ollama répond à l’adresse {url}, mais la liste de ses modèles n’a pas pu être obtenue&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Check the Ollama log.</source>
        <translation>Consultez le journal d’Ollama.</translation>
    </message>
    <message>
        <source>The server</source>
        <translation>Le serveur</translation>
    </message>
    <message>
        <source>{server} is running at {url}, but no vision model is installed (a model that can look at pictures).</source>
        <translation>{server} tourne à l’adresse {url}, mais aucun modèle de vision n’est installé (un modèle capable de regarder des images).</translation>
    </message>
    <message>
        <source>Install one with:  ollama pull qwen2.5vl:7b   (smaller: ollama pull moondream; or use Settings → Model → Pull).</source>
        <translation>Installez-en un avec&#xa0;:  ollama pull qwen2.5vl:7b   (plus petit&#xa0;: ollama pull moondream&#xa0;; ou passez par Paramètres → Modèle → Télécharger).</translation>
    </message>
    <message>
        <source>{server} is running, but the chosen model “{model}” is not installed.</source>
        <translation>{server} tourne, mais le modèle choisi «&#xa0;{model}&#xa0;» n’est pas installé.</translation>
    </message>
    <message>
        <source>Pick one of: {models} — or run:  ollama pull {model}</source>
        <translation>Choisissez parmi&#xa0;: {models} — ou exécutez&#xa0;:  ollama pull {model}</translation>
    </message>
    <message numerus="yes">
        <source>{server} is running at {url} with %Ln vision model(s): {models}.</source>
        <translation>
            <numerusform>{server} tourne à l’adresse {url} avec %Ln modèle de vision&#xa0;: {models}.</numerusform>
            <numerusform>{server} tourne à l’adresse {url} avec %Ln modèles de vision&#xa0;: {models}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare models or styles</source>
        <translation>Comparer des modèles ou des styles</translation>
    </message>
    <message>
        <source>Model {side}</source>
        <translation>Modèle {side}</translation>
    </message>
    <message>
        <source>Style {side}</source>
        <translation>Style {side}</translation>
    </message>
    <message>
        <source>Use {side} as my default</source>
        <translation>Garder {side} par défaut</translation>
    </message>
    <message>
        <source>&lt;b&gt;{side}&lt;/b&gt; model:</source>
        <translation>Modèle &lt;b&gt;{side}&lt;/b&gt;&#xa0;:</translation>
    </message>
    <message>
        <source>style:</source>
        <translation>style&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>Trying two models or styles on the first {shown} of the %Ln selected photos. Pick them and press Run both.</source>
        <translation>
            <numerusform>Essai de deux modèles ou styles sur les {shown} premières des %Ln photos sélectionnées. Choisissez-les, puis cliquez sur «&#xa0;Lancer les deux&#xa0;».</numerusform>
            <numerusform>Essai de deux modèles ou styles sur les {shown} premières des %Ln photos sélectionnées. Choisissez-les, puis cliquez sur «&#xa0;Lancer les deux&#xa0;».</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying two models or styles on the %Ln selected photo(s). Pick them and press Run both.</source>
        <translation>
            <numerusform>Essai de deux modèles ou styles sur la photo sélectionnée. Choisissez-les, puis cliquez sur «&#xa0;Lancer les deux&#xa0;».</numerusform>
            <numerusform>Essai de deux modèles ou styles sur les %Ln photos sélectionnées. Choisissez-les, puis cliquez sur «&#xa0;Lancer les deux&#xa0;».</numerusform>
        </translation>
    </message>
    <message>
        <source>Run both</source>
        <translation>Lancer les deux</translation>
    </message>
    <message>
        <source>Could not list models: {error}</source>
        <translation>Impossible d’obtenir la liste des modèles&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Photo {number} of {count}: {name} …</source>
        <translation>Photo {number} sur {count}&#xa0;: {name}…</translation>
    </message>
    <message>
        <source>{tokens} tokens, {model}</source>
        <translation>{tokens} jetons, {model}</translation>
    </message>
    <message>
        <source>Done. Keep the one you like as your default.</source>
        <translation>Terminé. Gardez celui qui vous plaît comme réglage par défaut.</translation>
    </message>
    <message>
        <source>Saved: new captions will use {model} with the “{style}” style.</source>
        <translation>Enregistré&#xa0;: les nouvelles légendes utiliseront {model} avec le style «&#xa0;{style}&#xa0;».</translation>
    </message>
    <message>
        <source>the default model</source>
        <translation>le modèle par défaut</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Caption changed in another app</source>
        <translation>Légende modifiée dans une autre application</translation>
    </message>
    <message>
        <source>Another app changed this photo&apos;s caption after Albumwise wrote it. Nothing is written until you choose.</source>
        <translation>Une autre application a modifié la légende de cette photo après qu’Albumwise l’a écrite. Rien n’est écrit tant que vous n’avez pas choisi.</translation>
    </message>
    <message>
        <source>Your caption</source>
        <translation>Votre légende</translation>
    </message>
    <message>
        <source>The other app&apos;s text</source>
        <translation>Le texte de l’autre application</translation>
    </message>
    <message>
        <source>&lt;b&gt;Yours&lt;/b&gt; (Albumwise)</source>
        <translation>&lt;b&gt;La vôtre&lt;/b&gt; (Albumwise)</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>le fichier</translation>
    </message>
    <message>
        <source>&lt;b&gt;Theirs&lt;/b&gt; ({source})</source>
        <translation>&lt;b&gt;L’autre&lt;/b&gt; ({source})</translation>
    </message>
    <message>
        <source>Changed: {fields}</source>
        <translation>Modifié&#xa0;: {fields}</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Garder la mienne</translation>
    </message>
    <message>
        <source>Write your caption over the other app&apos;s text</source>
        <translation>Écrire votre légende à la place du texte de l’autre application</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Prendre l’autre</translation>
    </message>
    <message>
        <source>Make their text the caption and write it into every field</source>
        <translation>Faire de leur texte la légende et l’écrire dans chaque champ</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>Décider plus tard</translation>
    </message>
</context>
<context>
    <name>ContextDialog</name>
    <message>
        <source>Folder context</source>
        <translation>Contexte du dossier</translation>
    </message>
    <message>
        <source>e.g. Anna &amp; Ben&apos;s wedding</source>
        <translation>p. ex. mariage d’Anna et Ben</translation>
    </message>
    <message>
        <source>e.g. Florence, Tuscany, Italy</source>
        <translation>p. ex. Florence, Toscane, Italie</translation>
    </message>
    <message>
        <source>names, separated by commas</source>
        <translation>noms, séparés par des virgules</translation>
    </message>
    <message>
        <source>inherited: {value}</source>
        <translation>hérité&#xa0;: {value}</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Événement&#xa0;:</translation>
    </message>
    <message>
        <source>Place:</source>
        <translation>Lieu&#xa0;:</translation>
    </message>
    <message>
        <source>People:</source>
        <translation>Personnes&#xa0;:</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Notes&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>%Ln keyword(s)</source>
        <translation>
            <numerusform>%Ln mot-clé</numerusform>
            <numerusform>%Ln mots-clés</numerusform>
        </translation>
    </message>
    <message>
        <source>Import keyword list…</source>
        <translation>Importer une liste de mots-clés…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>Vocabulaire&#xa0;:</translation>
    </message>
    <message>
        <source>Applies to {folder} and its sub-folders. Drafts written before a change are marked “old context”; regenerate them when you like.</source>
        <translation>S’applique à {folder} et à ses sous-dossiers. Les brouillons écrits avant une modification sont marqués «&#xa0;ancien contexte&#xa0;»&#xa0;; régénérez-les quand vous voulez.</translation>
    </message>
    <message>
        <source>Keyword list</source>
        <translation>Liste de mots-clés</translation>
    </message>
    <message>
        <source>Keyword lists (*.txt);;All files (*)</source>
        <translation>Listes de mots-clés (*.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Not imported: {error}</source>
        <translation>Non importée&#xa0;: {error}</translation>
    </message>
    <message>
        <source>no vocabulary</source>
        <translation>aucun vocabulaire</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <source>No caption yet. Press C to caption this photo, or type one.</source>
        <translation>Pas encore de légende. Appuyez sur C pour légender cette photo, ou saisissez-en une.</translation>
    </message>
    <message>
        <source>Alt text:</source>
        <translation>Texte alternatif&#xa0;:</translation>
    </message>
    <message>
        <source>Alt text</source>
        <translation>Texte alternatif</translation>
    </message>
    <message>
        <source>No alt text yet: one short sentence for people who cannot see the photo</source>
        <translation>Pas encore de texte alternatif&#xa0;: une phrase courte pour les personnes qui ne voient pas la photo</translation>
    </message>
    <message>
        <source>Written into the photo as its accessibility text (at most 250 characters); saved and approved with the caption</source>
        <translation>Écrit dans la photo comme texte d’accessibilité (250 caractères au plus)&#xa0;; enregistré et approuvé avec la légende</translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Keep your edited caption and keywords (Ctrl+S)</source>
        <translation>Garder la légende et les mots-clés modifiés (Ctrl+S)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Approve this caption (A); Shift+A approves and moves to the next photo</source>
        <translation>Approuver cette légende (A)&#xa0;; Maj+A approuve et passe à la photo suivante</translation>
    </message>
    <message>
        <source>Approve &amp;&amp; next</source>
        <translation>Approuver &amp;&amp; suivante</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rejeter</translation>
    </message>
    <message>
        <source>Reject this caption (R)</source>
        <translation>Rejeter cette légende (R)</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Résoudre…</translation>
    </message>
    <message>
        <source>Keep your caption or take the other app&apos;s text</source>
        <translation>Garder votre légende ou prendre le texte de l’autre application</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Date&#xa0;:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Appareil&#xa0;:</translation>
    </message>
    <message>
        <source>Place:</source>
        <translation>Lieu&#xa0;:</translation>
    </message>
    <message>
        <source>People:</source>
        <translation>Personnes&#xa0;:</translation>
    </message>
    <message>
        <source>Occasion:</source>
        <translation>Événement&#xa0;:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Taille&#xa0;:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>Chemin&#xa0;:</translation>
    </message>
    <message>
        <source>Caption history</source>
        <translation>Historique de la légende</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Restaurer cette version</translation>
    </message>
    <message>
        <source>Keywords:</source>
        <translation>Mots-clés&#xa0;:</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Historique&#xa0;:</translation>
    </message>
    <message>
        <source>Select a photo</source>
        <translation>Sélectionnez une photo</translation>
    </message>
    <message>
        <source>{width} × {height} px, {size}</source>
        <translation>{width} × {height} px, {size}</translation>
    </message>
    <message>
        <source>video, {length}, {size}</source>
        <translation>vidéo, {length}, {size}</translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>a camera</comment>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>Flags: {flags}</source>
        <translation>Signalements&#xa0;: {flags}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>The model is writing…</source>
        <translation>Le modèle écrit…</translation>
    </message>
    <message>
        <source>waiting for the first words…</source>
        <translation>en attente des premiers mots…</translation>
    </message>
</context>
<context>
    <name>DetailText</name>
    <message>
        <source>No caption yet</source>
        <translation>Pas encore de légende</translation>
    </message>
    <message>
        <source>Draft — waiting for your review</source>
        <translation>Brouillon — en attente de votre vérification</translation>
    </message>
    <message>
        <source>Approved — not yet written to the file</source>
        <translation>Approuvée — pas encore écrite dans le fichier</translation>
    </message>
    <message>
        <source>Written into the file</source>
        <translation>Écrite dans le fichier</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejetée</translation>
    </message>
    <message>
        <source>Captioning failed</source>
        <translation>Échec du légendage</translation>
    </message>
    <message>
        <source>Changed in another app after it was written: choose Resolve to keep yours or take theirs</source>
        <translation>Modifiée ailleurs après l’écriture&#xa0;: «&#xa0;Résoudre&#xa0;» pour choisir la version</translation>
    </message>
    <message>
        <source>loop cut (the model repeated itself; the repeat was removed)</source>
        <translation>boucle coupée (le modèle se répétait&#xa0;; la répétition a été retirée)</translation>
    </message>
    <message>
        <source>truncated (the model hit its length limit)</source>
        <translation>tronquée (le modèle a atteint sa limite de longueur)</translation>
    </message>
    <message>
        <source>the model refused to describe the photo</source>
        <translation>le modèle a refusé de décrire la photo</translation>
    </message>
    <message>
        <source>same caption as another photo in this batch</source>
        <translation>même légende qu’une autre photo de ce lot</translation>
    </message>
    <message>
        <source>the model returned nothing</source>
        <translation>le modèle n’a rien renvoyé</translation>
    </message>
    <message>
        <source>a name nothing known about this photo holds (highlighted): check it</source>
        <translation>un nom que rien de connu sur cette photo ne confirme (surligné)&#xa0;: vérifiez-le</translation>
    </message>
    <message>
        <source>written before the folder&apos;s context changed: Regenerate to use it</source>
        <translation>écrite avant la modification du contexte du dossier&#xa0;: régénérez pour en tenir compte</translation>
    </message>
    <message>
        <source>keywords outside the folder&apos;s vocabulary</source>
        <translation>mots-clés hors du vocabulaire du dossier</translation>
    </message>
    <message>
        <source>not in the language asked for (kept out of approving all drafts)</source>
        <translation>pas dans la langue demandée (exclu de l’approbation de tous les brouillons)</translation>
    </message>
    <message>
        <source>the model wrote no alt text: type one if the photo is published</source>
        <translation>le modèle n’a pas écrit de texte alternatif&#xa0;: saisissez-en un si la photo est publiée</translation>
    </message>
    <message>
        <source>all without a caption</source>
        <translation>toutes sans légende</translation>
    </message>
    <message>
        <source>all to review</source>
        <translation>toutes à vérifier</translation>
    </message>
    <message>
        <source>all approved, not yet written</source>
        <translation>toutes approuvées, pas encore écrites</translation>
    </message>
    <message>
        <source>all in the file</source>
        <translation>toutes dans le fichier</translation>
    </message>
    <message>
        <source>all rejected</source>
        <translation>toutes rejetées</translation>
    </message>
    <message>
        <source>all failed</source>
        <translation>toutes en échec</translation>
    </message>
    <message>
        <source>all changed in another app</source>
        <translation>toutes modifiées dans une autre application</translation>
    </message>
    <message>
        <source>all unreadable</source>
        <translation>toutes illisibles</translation>
    </message>
    <message>
        <source>all being captioned</source>
        <translation>toutes en cours de légendage</translation>
    </message>
    <message numerus="yes">
        <source>%Ln without a caption</source>
        <translation>
            <numerusform>%Ln sans légende</numerusform>
            <numerusform>%Ln sans légende</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln to review</source>
        <translation>
            <numerusform>%Ln à vérifier</numerusform>
            <numerusform>%Ln à vérifier</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln approved, not yet written</source>
        <translation>
            <numerusform>%Ln approuvée, pas encore écrite</numerusform>
            <numerusform>%Ln approuvées, pas encore écrites</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln in the file</source>
        <translation>
            <numerusform>%Ln dans le fichier</numerusform>
            <numerusform>%Ln dans le fichier</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rejected</source>
        <translation>
            <numerusform>%Ln rejetée</numerusform>
            <numerusform>%Ln rejetées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln en échec</numerusform>
            <numerusform>%Ln en échec</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed in another app</source>
        <translation>
            <numerusform>%Ln modifiée dans une autre application</numerusform>
            <numerusform>%Ln modifiées dans une autre application</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable</source>
        <translation>
            <numerusform>%Ln illisible</numerusform>
            <numerusform>%Ln illisibles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln being captioned</source>
        <translation>
            <numerusform>%Ln en cours de légendage</numerusform>
            <numerusform>%Ln en cours de légendage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln octet</numerusform>
            <numerusform>%Ln octets</numerusform>
        </translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation>{size} Ko</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} Mo</translation>
    </message>
    <message>
        <source>{size} GB</source>
        <translation>{size} Go</translation>
    </message>
    <message>
        <source>{date}, {time}</source>
        <translation>{date}, {time}</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>brouillon</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approuvée</translation>
    </message>
    <message>
        <source>written</source>
        <translation>écrite</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejetée</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>conflit</translation>
    </message>
    <message>
        <source>model</source>
        <translation>modèle</translation>
    </message>
    <message>
        <source>you</source>
        <translation>vous</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>{source} ({model})</source>
        <translation>{source} ({model})</translation>
    </message>
    <message>
        <source>Captioning failed: {reason}. Press C to try again, G to try another model, or type a caption yourself.</source>
        <translation>Échec du légendage&#xa0;: {reason}. Appuyez sur C pour réessayer, sur G pour essayer un autre modèle, ou saisissez vous-même une légende.</translation>
    </message>
    <message>
        <source>Captioning failed (the log says why). Press C to try again, G to try another model, or type a caption yourself.</source>
        <translation>Échec du légendage (le journal indique pourquoi). Appuyez sur C pour réessayer, sur G pour essayer un autre modèle, ou saisissez vous-même une légende.</translation>
    </message>
    <message>
        <source>This photo cannot be read, so the model cannot caption it. You can still type a caption.</source>
        <translation>Cette photo ne peut pas être lue, le modèle ne peut donc pas la légender. Vous pouvez tout de même saisir une légende.</translation>
    </message>
    <message>
        <source>No caption: captioning failed (see above). Press C to try again, or type a caption.</source>
        <translation>Aucune légende&#xa0;: le légendage a échoué (voir ci-dessus). Appuyez sur C pour réessayer, ou saisissez une légende.</translation>
    </message>
    <message>
        <source>No caption yet. Press C to caption this photo, or type one.</source>
        <translation>Pas encore de légende. Appuyez sur C pour légender cette photo, ou saisissez-en une.</translation>
    </message>
    <message>
        <source>not in the language asked for: {found}</source>
        <translation>pas dans la langue demandée&#xa0;: {found}</translation>
    </message>
</context>
<context>
    <name>FactText</name>
    <message>
        <source>set by you</source>
        <translation>défini par vous</translation>
    </message>
    <message>
        <source>from the file</source>
        <translation>d’après le fichier</translation>
    </message>
    <message>
        <source>from the file and GPS</source>
        <translation>d’après le fichier et le GPS</translation>
    </message>
    <message>
        <source>from GPS</source>
        <translation>d’après le GPS</translation>
    </message>
    <message>
        <source>at sea</source>
        <translation>en mer</translation>
    </message>
    <message>
        <source>at sea, {km} km off {place}</source>
        <translation>en mer, à {km} km de {place}</translation>
    </message>
    <message>
        <source>near {place} ({km} km)</source>
        <translation>près de {place} ({km} km)</translation>
    </message>
    <message>
        <source>near {place}</source>
        <translation>près de {place}</translation>
    </message>
    <message>
        <source>{km} km from {place}</source>
        <translation>à {km} km de {place}</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}; the folder says {folder}</source>
        <translation>Horloge douteuse : l’appareil indique {taken}, le dossier indique {folder}</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, a value camera clocks reset to; the folder says {folder}</source>
        <translation>Horloge douteuse : l’appareil indique {taken}, une valeur de réinitialisation des horloges d’appareil ; le dossier indique {folder}</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, a value camera clocks reset to</source>
        <translation>Horloge douteuse : l’appareil indique {taken}, une valeur de réinitialisation des horloges d’appareil</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, which is in the future</source>
        <translation>Horloge douteuse : l’appareil indique {taken}, une date dans le futur</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}</source>
        <translation>Horloge douteuse : l’appareil indique {taken}</translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>a date</comment>
        <translation>inconnue</translation>
    </message>
    <message>
        <source>{date} (from the folder name)</source>
        <translation>{date} (d’après le nom du dossier)</translation>
    </message>
    <message>
        <source>{place}  ({source})</source>
        <translation>{place}  ({source})</translation>
    </message>
    <message>
        <source>no location</source>
        <translation>aucun lieu</translation>
    </message>
    <message>
        <source>may appear: {names}</source>
        <translation>peut-être présents : {names}</translation>
    </message>
    <message>
        <source>{names}  ({may_appear})</source>
        <translation>{names}  ({may_appear})</translation>
    </message>
    <message>
        <source>{occasion}  (set by you)</source>
        <translation>{occasion}  (défini par vous)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>{model}  (recommended)</source>
        <translation>{model}  (recommandé)</translation>
    </message>
    <message>
        <source>Welcome to Albumwise</source>
        <translation>Bienvenue dans Albumwise</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to Albumwise&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Bienvenue dans Albumwise&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Albumwise writes a caption and keywords for each of your photos with a vision model that runs on your own computer. You review every caption before it is saved into the photo.</source>
        <translation>Albumwise rédige une légende et des mots-clés pour chacune de vos photos grâce à un modèle de vision qui tourne sur votre propre ordinateur. Vous vérifiez chaque légende avant qu’elle soit enregistrée dans la photo.</translation>
    </message>
    <message>
        <source>&lt;b&gt;1. Choose the folder where your photos are.&lt;/b&gt; Albumwise reads it; it changes a file only when you approve a caption.</source>
        <translation>&lt;b&gt;1. Choisissez le dossier qui contient vos photos.&lt;/b&gt; Albumwise le lit&#xa0;; il ne modifie un fichier que lorsque vous approuvez une légende.</translation>
    </message>
    <message>
        <source>Photo folder</source>
        <translation>Dossier de photos</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>&lt;b&gt;2. What Albumwise found on this computer:&lt;/b&gt;</source>
        <translation>&lt;b&gt;2. Ce qu’Albumwise a trouvé sur cet ordinateur&#xa0;:&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Writing into files</source>
        <translation>Écriture dans les fichiers</translation>
    </message>
    <message>
        <source>Captioning</source>
        <translation>Légendage</translation>
    </message>
    <message>
        <source>Vision model</source>
        <translation>Modèle de vision</translation>
    </message>
    <message>
        <source>Browsing, search and review work without Ollama; captioning needs it.</source>
        <translation>La navigation, la recherche et la vérification fonctionnent sans Ollama&#xa0;; le légendage en a besoin.</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Vérifier à nouveau</translation>
    </message>
    <message>
        <source>Open my photos</source>
        <translation>Ouvrir mes photos</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Plus tard</translation>
    </message>
    <message>
        <source>Model to use for captions:</source>
        <translation>Modèle à utiliser pour les légendes&#xa0;:</translation>
    </message>
    <message>
        <source>Choose your photo folder</source>
        <translation>Choisissez votre dossier de photos</translation>
    </message>
    <message>
        <source>Choose an existing folder first</source>
        <translation>Choisissez d’abord un dossier existant</translation>
    </message>
</context>
<context>
    <name>HostLights</name>
    <message>
        <source>not checked yet</source>
        <translation>pas encore vérifié</translation>
    </message>
    <message>
        <source>Host {host}: {state}</source>
        <translation>Serveur {host}&#xa0;: {state}</translation>
    </message>
    <message>
        <source>answering</source>
        <translation>répond</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>occupé</translation>
    </message>
    <message>
        <source>not answering</source>
        <translation>ne répond pas</translation>
    </message>
</context>
<context>
    <name>KeyframeScrub</name>
    <message>
        <source>Video keyframes</source>
        <translation>Images clés de la vidéo</translation>
    </message>
    <message>
        <source>loading keyframes… ({length})</source>
        <translation>chargement des images clés… ({length})</translation>
    </message>
    <message>
        <source>no keyframe could be decoded</source>
        <translation>aucune image clé n’a pu être décodée</translation>
    </message>
    <message>
        <source>{time} · keyframe {number} of {count}</source>
        <translation>{time} · image clé {number} sur {count}</translation>
    </message>
</context>
<context>
    <name>KeywordChips</name>
    <message>
        <source>add keyword…</source>
        <translation>ajouter un mot-clé…</translation>
    </message>
    <message>
        <source>Add keyword</source>
        <translation>Ajouter un mot-clé</translation>
    </message>
    <message>
        <source>Remove keyword “{keyword}”</source>
        <translation>Retirer le mot-clé «&#xa0;{keyword}&#xa0;»</translation>
    </message>
    <message>
        <source>Keyword {keyword}</source>
        <translation>Mot-clé {keyword}</translation>
    </message>
</context>
<context>
    <name>LanguageSettings</name>
    <message>
        <source>English</source>
        <translation>anglais</translation>
    </message>
    <message>
        <source>German</source>
        <translation>allemand</translation>
    </message>
    <message>
        <source>French</source>
        <translation>français</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>espagnol</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>italien</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>néerlandais</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>portugais</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>polonais</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>suédois</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>japonais</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>chinois</translation>
    </message>
    <message>
        <source>Language of captions</source>
        <translation>Langue des légendes</translation>
    </message>
    <message>
        <source>Same as the window ({language})</source>
        <translation>Comme la fenêtre ({language})</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Problems and notices appear here.</source>
        <translation>Les problèmes et les avis s’affichent ici.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>“{name}”</source>
        <comment>a name in quotation marks</comment>
        <translation>«&#xa0;{name}&#xa0;»</translation>
    </message>
    <message>
        <source>a name</source>
        <translation>un nom</translation>
    </message>
    <message>
        <source>This draft names {names}, which nothing known about the photo supports (its place, the people named in the file or by you, the folder).

Check the caption: the model may have invented it. Approve it anyway?</source>
        <translation>Ce brouillon mentionne {names}, ce que rien de connu sur la photo ne confirme (son lieu, les personnes nommées dans le fichier ou par vous, le dossier).

Vérifiez la légende&#xa0;: le modèle l’a peut-être inventé. L’approuver quand même&#xa0;?</translation>
    </message>
    <message>
        <source>Approve a flagged caption</source>
        <translation>Approuver une légende signalée</translation>
    </message>
    <message>
        <source>Approve anyway</source>
        <translation>Approuver quand même</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Not approved</source>
        <translation>Non approuvée</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvée</translation>
    </message>
    <message>
        <source>Select one photo whose caption is in conflict</source>
        <translation>Sélectionnez une photo dont la légende est en conflit</translation>
    </message>
    <message>
        <source>This photo&apos;s caption is not in conflict</source>
        <translation>La légende de cette photo n’est pas en conflit</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Résolu</translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation>Résoudre le conflit</translation>
    </message>
    <message>
        <source>Folder &amp;context…</source>
        <translation>&amp;Contexte du dossier…</translation>
    </message>
    <message>
        <source>Event, place, people, notes and keywords for the selected folder</source>
        <translation>Événement, lieu, personnes, notes et mots-clés du dossier sélectionné</translation>
    </message>
    <message>
        <source>Context…</source>
        <translation>Contexte…</translation>
    </message>
    <message>
        <source>Folder context</source>
        <translation>Contexte du dossier</translation>
    </message>
    <message>
        <source>Select a folder in the sidebar first.</source>
        <translation>Sélectionnez d’abord un dossier dans la barre latérale.</translation>
    </message>
    <message>
        <source>Cannot read the keyword list: {error}</source>
        <translation>Impossible de lire la liste de mots-clés&#xa0;: {error}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln draft(s) written with the old context: select them and choose Regenerate.</source>
        <translation>
            <numerusform>%Ln brouillon écrit avec l’ancien contexte&#xa0;: sélectionnez-le et choisissez «&#xa0;Régénérer&#xa0;».</numerusform>
            <numerusform>%Ln brouillons écrits avec l’ancien contexte&#xa0;: sélectionnez-les et choisissez «&#xa0;Régénérer&#xa0;».</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;tack bursts and duplicates</source>
        <translation>&amp;Empiler les rafales et les doublons</translation>
    </message>
    <message>
        <source>E&amp;xpand or collapse group</source>
        <translation>Déplier ou replier le &amp;groupe</translation>
    </message>
    <message>
        <source>Split from &amp;group</source>
        <translation>Séparer du &amp;groupe</translation>
    </message>
    <message>
        <source>&amp;Merge into one group</source>
        <translation>&amp;Fusionner en un seul groupe</translation>
    </message>
    <message>
        <source>Use as the group&apos;s &amp;best frame</source>
        <translation>Utiliser comme &amp;meilleure image du groupe</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Photo</source>
        <translation>&amp;Photo</translation>
    </message>
    <message>
        <source>This photo is not in a group</source>
        <translation>Cette photo ne fait partie d’aucun groupe</translation>
    </message>
    <message>
        <source>Split from group</source>
        <translation>Séparer du groupe</translation>
    </message>
    <message>
        <source>Select at least two photos to merge into one group</source>
        <translation>Sélectionnez au moins deux photos à fusionner en un groupe</translation>
    </message>
    <message>
        <source>Merge into one group</source>
        <translation>Fusionner en un seul groupe</translation>
    </message>
    <message>
        <source>Best frame</source>
        <translation>Meilleure image</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new</source>
        <translation>
            <numerusform>%Ln nouvelle</numerusform>
            <numerusform>%Ln nouvelles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed</source>
        <translation>
            <numerusform>%Ln modifiée</numerusform>
            <numerusform>%Ln modifiées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln moved</source>
        <translation>
            <numerusform>%Ln déplacée</numerusform>
            <numerusform>%Ln déplacées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln missing</source>
        <translation>
            <numerusform>%Ln manquante</numerusform>
            <numerusform>%Ln manquantes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable (see the log)</source>
        <translation>
            <numerusform>%Ln illisible (voir le journal)</numerusform>
            <numerusform>%Ln illisibles (voir le journal)</numerusform>
        </translation>
    </message>
    <message>
        <source>Library updated: {changes}</source>
        <translation>Bibliothèque mise à jour&#xa0;: {changes}</translation>
    </message>
    <message>
        <source>Library and folders</source>
        <translation>Bibliothèque et dossiers</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Search captions, keywords, places… (Ctrl+F)</source>
        <translation>Rechercher dans les légendes, mots-clés, lieux… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Recherche</translation>
    </message>
    <message>
        <source>Result count</source>
        <translation>Nombre de résultats</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Demander</translation>
    </message>
    <message>
        <source>&amp;Undo write of {name}</source>
        <translation>A&amp;nnuler l’écriture de {name}</translation>
    </message>
    <message>
        <source>Put the previous metadata back into {name} (Ctrl+Shift+Z)</source>
        <translation>Remettre les métadonnées précédentes dans {name} (Ctrl+Maj+Z)</translation>
    </message>
    <message>
        <source>&amp;Undo last write…</source>
        <translation>A&amp;nnuler la dernière écriture…</translation>
    </message>
    <message>
        <source>This photo has no write to undo; asks before undoing another photo&apos;s (Ctrl+Shift+Z)</source>
        <translation>Cette photo n’a aucune écriture à annuler&#xa0;; demande confirmation avant d’annuler celle d’une autre photo (Ctrl+Maj+Z)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Nothing to undo: no caption has been written into a file yet</source>
        <translation>Rien à annuler&#xa0;: aucune légende n’a encore été écrite dans un fichier</translation>
    </message>
    <message>
        <source>Undo the last write, of {name}? Its previous metadata goes back into the file.</source>
        <translation>Annuler la dernière écriture, celle de {name}&#xa0;? Ses métadonnées précédentes sont remises dans le fichier.</translation>
    </message>
    <message>
        <source>{selected} has no write to undo.</source>
        <translation>{selected} n’a aucune écriture à annuler.</translation>
    </message>
    <message>
        <source>The selected photo has no write to undo.</source>
        <translation>La photo sélectionnée n’a aucune écriture à annuler.</translation>
    </message>
    <message>
        <source>Undo a write</source>
        <translation>Annuler une écriture</translation>
    </message>
    <message>
        <source>Undo {name}</source>
        <translation>Annuler {name}</translation>
    </message>
    <message>
        <source>Undid the write of {name}: its previous metadata is back</source>
        <translation>Écriture de {name} annulée&#xa0;: ses métadonnées précédentes sont revenues</translation>
    </message>
    <message>
        <source>&amp;Add photo folder…</source>
        <translation>&amp;Ajouter un dossier de photos…</translation>
    </message>
    <message>
        <source>Add a folder of photos to the library</source>
        <translation>Ajouter un dossier de photos à la bibliothèque</translation>
    </message>
    <message>
        <source>&amp;Rescan folders</source>
        <translation>&amp;Réanalyser les dossiers</translation>
    </message>
    <message>
        <source>Look for new, changed and removed photos</source>
        <translation>Chercher les photos nouvelles, modifiées et supprimées</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>Hosts, model, style, writing</source>
        <translation>Serveurs, modèle, style, écriture</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Caption selected</source>
        <translation>&amp;Légender la sélection</translation>
    </message>
    <message>
        <source>Caption the selected photos</source>
        <translation>Légender les photos sélectionnées</translation>
    </message>
    <message>
        <source>Caption all &amp;uncaptioned in view</source>
        <translation>Légender &amp;toutes les photos sans légende de la vue</translation>
    </message>
    <message>
        <source>Caption every photo in view that has no caption</source>
        <translation>Légender chaque photo de la vue qui n’a pas de légende</translation>
    </message>
    <message>
        <source>Re&amp;generate…</source>
        <translation>&amp;Régénérer…</translation>
    </message>
    <message>
        <source>Caption again, optionally with another style or model</source>
        <translation>Légender à nouveau, éventuellement avec un autre style ou modèle</translation>
    </message>
    <message>
        <source>&amp;Pause queue</source>
        <translation>Mettre la file en &amp;pause</translation>
    </message>
    <message>
        <source>Pause captioning (the photo being captioned goes back to the queue)</source>
        <translation>Mettre le légendage en pause (la photo en cours retourne dans la file)</translation>
    </message>
    <message>
        <source>&amp;Resume queue</source>
        <translation>R&amp;eprendre la file</translation>
    </message>
    <message>
        <source>Continue captioning</source>
        <translation>Reprendre le légendage</translation>
    </message>
    <message>
        <source>Ca&amp;ncel queue</source>
        <translation>&amp;Vider la file</translation>
    </message>
    <message>
        <source>Stop and forget the queued photos</source>
        <translation>Arrêter et oublier les photos en file d’attente</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <source>Approve the selected captions</source>
        <translation>Approuver les légendes sélectionnées</translation>
    </message>
    <message>
        <source>Approve and &amp;next</source>
        <translation>Approuver et &amp;suivante</translation>
    </message>
    <message>
        <source>Approve and move to the next photo</source>
        <translation>Approuver et passer à la photo suivante</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Rejeter</translation>
    </message>
    <message>
        <source>Reject the caption</source>
        <translation>Rejeter la légende</translation>
    </message>
    <message>
        <source>&amp;Edit caption</source>
        <translation>&amp;Modifier la légende</translation>
    </message>
    <message>
        <source>Edit the caption text</source>
        <translation>Modifier le texte de la légende</translation>
    </message>
    <message>
        <source>&amp;Save edit</source>
        <translation>&amp;Enregistrer la modification</translation>
    </message>
    <message>
        <source>Keep your edited caption</source>
        <translation>Garder votre légende modifiée</translation>
    </message>
    <message>
        <source>&amp;Write approved to files</source>
        <translation>Écrire les légendes approuvées dans les &amp;fichiers</translation>
    </message>
    <message>
        <source>Write approved captions into the photos&apos; metadata</source>
        <translation>Écrire les légendes approuvées dans les métadonnées des photos</translation>
    </message>
    <message>
        <source>&amp;Undo last write</source>
        <translation>A&amp;nnuler la dernière écriture</translation>
    </message>
    <message>
        <source>Put the file&apos;s previous metadata back</source>
        <translation>Remettre les métadonnées précédentes du fichier</translation>
    </message>
    <message>
        <source>Resolve &amp;conflict…</source>
        <translation>Résoudre le &amp;conflit…</translation>
    </message>
    <message>
        <source>Another app changed this caption after we wrote it: keep yours or take theirs</source>
        <translation>Une autre application a modifié cette légende après notre écriture&#xa0;: gardez la vôtre ou prenez l’autre</translation>
    </message>
    <message>
        <source>&amp;Copy caption</source>
        <translation>&amp;Copier la légende</translation>
    </message>
    <message>
        <source>Copy the caption to the clipboard</source>
        <translation>Copier la légende dans le presse-papiers</translation>
    </message>
    <message>
        <source>Open containing &amp;folder</source>
        <translation>Ouvrir le &amp;dossier</translation>
    </message>
    <message>
        <source>Show the photo in your file manager</source>
        <translation>Afficher la photo dans le gestionnaire de fichiers</translation>
    </message>
    <message>
        <source>&amp;View full size</source>
        <translation>&amp;Voir en grand</translation>
    </message>
    <message>
        <source>Full-size viewer (Space)</source>
        <translation>Affichage en grand (Espace)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>&amp;Sidebar</source>
        <translation>&amp;Barre latérale</translation>
    </message>
    <message>
        <source>Show or hide the folders and lists</source>
        <translation>Afficher ou masquer les dossiers et les listes</translation>
    </message>
    <message>
        <source>&amp;Log panel</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <source>As&amp;k about this photo</source>
        <translation>&amp;Interroger le modèle sur cette photo</translation>
    </message>
    <message>
        <source>Ask the model questions about the selected photo</source>
        <translation>Poser des questions au modèle sur la photo sélectionnée</translation>
    </message>
    <message>
        <source>Co&amp;mpare models or styles…</source>
        <translation>&amp;Comparer des modèles ou des styles…</translation>
    </message>
    <message>
        <source>Try two models or styles on a few photos</source>
        <translation>Essayer deux modèles ou styles sur quelques photos</translation>
    </message>
    <message>
        <source>Go to &amp;photos</source>
        <translation>Aller aux &amp;photos</translation>
    </message>
    <message>
        <source>Go to f&amp;olders</source>
        <translation>Aller aux &amp;dossiers</translation>
    </message>
    <message>
        <source>Go to &amp;caption</source>
        <translation>Aller à la &amp;légende</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Caption</source>
        <translation>&amp;Légendes</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Vérification</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>Rechercher&#xa0;:</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Sélection</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Write approved to files</source>
        <comment>toolbar button: keep it short</comment>
        <translation>Écrire dans les fichiers</translation>
    </message>
    <message>
        <source>Search: {error}</source>
        <translation>Recherche&#xa0;: {error}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln found for “{text}”</source>
        <translation>
            <numerusform>%Ln résultat pour «&#xa0;{text}&#xa0;»</numerusform>
            <numerusform>%Ln résultats pour «&#xa0;{text}&#xa0;»</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found for “{text}”. Press Enter to search by meaning too.</source>
        <translation>Aucun résultat pour «&#xa0;{text}&#xa0;». Appuyez sur Entrée pour chercher aussi par le sens.</translation>
    </message>
    <message>
        <source>Nothing found for “{text}”.</source>
        <translation>Aucun résultat pour «&#xa0;{text}&#xa0;».</translation>
    </message>
    <message>
        <source>No photos here ({folder}).</source>
        <translation>Aucune photo ici ({folder}).</translation>
    </message>
    <message>
        <source>No photos in {place}.</source>
        <translation>Aucune photo à {place}.</translation>
    </message>
    <message>
        <source>No photos of {person}.</source>
        <translation>Aucune photo de {person}.</translation>
    </message>
    <message>
        <source>No photos in “{list}”.</source>
        <translation>Aucune photo dans «&#xa0;{list}&#xa0;».</translation>
    </message>
    <message>
        <source>No photos yet.
Add a folder of photos: File → Add photo folder… (Ctrl+O).</source>
        <translation>Pas encore de photos.
Ajoutez un dossier de photos&#xa0;: Fichier → Ajouter un dossier de photos… (Ctrl+O).</translation>
    </message>
    <message numerus="yes">
        <source>%Ln found</source>
        <translation>
            <numerusform>%Ln résultat</numerusform>
            <numerusform>%Ln résultats</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln photo(s)</source>
        <translation>
            <numerusform>%Ln photo</numerusform>
            <numerusform>%Ln photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{photos} found in %Ln tile(s)</source>
        <translation>
            <numerusform>{photos} résultats dans %Ln vignette</numerusform>
            <numerusform>{photos} résultats dans %Ln vignettes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{photos} photos in %Ln tile(s)</source>
        <translation>
            <numerusform>{photos} photos dans %Ln vignette</numerusform>
            <numerusform>{photos} photos dans %Ln vignettes</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a photo folder</source>
        <translation>Choisir un dossier de photos</translation>
    </message>
    <message>
        <source>Looking for photos…</source>
        <translation>Recherche des photos…</translation>
    </message>
    <message>
        <source>Looking for photos… {done} of {total}</source>
        <translation>Recherche des photos… {done} sur {total}</translation>
    </message>
    <message>
        <source>Looking for photos… {done}</source>
        <translation>Recherche des photos… {done}</translation>
    </message>
    <message>
        <source>Indexing failed: {error}</source>
        <translation>Échec de l’indexation&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Library up to date</source>
        <translation>Bibliothèque à jour</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Légender</translation>
    </message>
    <message>
        <source>Every photo in view already has a caption</source>
        <translation>Toutes les photos de la vue ont déjà une légende</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Régénérer</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Mise en pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprise</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annulation</translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected</source>
        <translation>
            <numerusform>%Ln sélectionnée</numerusform>
            <numerusform>%Ln sélectionnées</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot show this photo: {error}</source>
        <translation>Impossible d’afficher cette photo&#xa0;: {error}</translation>
    </message>
    <message numerus="yes">
        <source>A stack of %Ln photos ({which}): Approve, Reject and edits act on all of them.</source>
        <translation>
            <numerusform>Une pile de %Ln photos ({which})&#xa0;: Approuver, Rejeter et les modifications s’appliquent à toutes.</numerusform>
            <numerusform>Une pile de %Ln photos ({which})&#xa0;: Approuver, Rejeter et les modifications s’appliquent à toutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Caption copied</source>
        <translation>Légende copiée</translation>
    </message>
    <message>
        <source>{action}: {error}</source>
        <translation>{action}&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rejeter</translation>
    </message>
    <message numerus="yes">
        <source>Rejected %Ln caption(s)</source>
        <translation>
            <numerusform>%Ln légende rejetée</numerusform>
            <numerusform>%Ln légendes rejetées</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to reject</source>
        <translation>Rien à rejeter</translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restauration</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Écriture</translation>
    </message>
    <message>
        <source>Writing approved captions into the files…</source>
        <translation>Écriture des légendes approuvées dans les fichiers…</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Écrites</translation>
    </message>
</context>
<context>
    <name>NamesHighlighter</name>
    <message>
        <source>Not in this photo&apos;s context, file or vocabulary: check this name</source>
        <translation>Absent du contexte, du fichier et du vocabulaire de cette photo&#xa0;: vérifiez ce nom</translation>
    </message>
</context>
<context>
    <name>PhotoDelegate</name>
    <message>
        <source>Review</source>
        <translation>À vérifier</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvée</translation>
    </message>
    <message>
        <source>In file</source>
        <translation>Dans le fichier</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejetée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflit</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Illisible</translation>
    </message>
    <message>
        <source>Captioning…</source>
        <translation>Légendage…</translation>
    </message>
    <message>
        <source>Uncaptioned</source>
        <translation>Sans légende</translation>
    </message>
    <message>
        <source>≈ by meaning</source>
        <translation>≈ par le sens</translation>
    </message>
    <message>
        <source>LIVE</source>
        <comment>a Live Photo&apos;s badge</comment>
        <translation>LIVE</translation>
    </message>
</context>
<context>
    <name>PhotoGrid</name>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
</context>
<context>
    <name>Plain</name>
    <message>
        <source>the file has unusual metadata that exiftool will not change</source>
        <translation>le fichier contient des métadonnées inhabituelles qu’exiftool ne modifiera pas</translation>
    </message>
</context>
<context>
    <name>QueueStatus</name>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message>
        <source>Paused %v / %m</source>
        <translation>En pause %v / %m</translation>
    </message>
    <message>
        <source>Captioning {name}</source>
        <translation>Légendage de {name}</translation>
    </message>
    <message>
        <source>Getting the next photo ready…</source>
        <translation>Préparation de la photo suivante…</translation>
    </message>
    <message>
        <source>{speed} tokens/s</source>
        <translation>{speed} jetons/s</translation>
    </message>
    <message>
        <source>{hours}h {minutes}m</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{minutes}m {seconds}s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>{seconds}s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>il reste environ {time}</translation>
    </message>
</context>
<context>
    <name>RawAppQuestion</name>
    <message>
        <source>Which app do you use with RAW files?</source>
        <translation>Quelle application utilisez-vous pour les fichiers RAW&#xa0;?</translation>
    </message>
    <message>
        <source>Another app, or none</source>
        <translation>Une autre application, ou aucune</translation>
    </message>
    <message>
        <source>{app} — sidecar {name}</source>
        <translation>{app} — fichier annexe {name}</translation>
    </message>
    <message>
        <source>RAW captions go into a sidecar file named for that app (an existing sidecar is always followed).</source>
        <translation>Les légendes des fichiers RAW vont dans un fichier annexe XMP nommé comme cette application l’attend (un fichier annexe existant est toujours respecté).</translation>
    </message>
</context>
<context>
    <name>RegenerateDialog</name>
    <message>
        <source>Caption again</source>
        <translation>Légender à nouveau</translation>
    </message>
    <message>
        <source>(the default model)</source>
        <translation>(le modèle par défaut)</translation>
    </message>
    <message>
        <source>The new caption replaces the one shown, as a draft for you to review. The current one stays in the history (and in the file until you write again).</source>
        <translation>La nouvelle légende remplace celle affichée, sous forme de brouillon à vérifier. L’actuelle reste dans l’historique (et dans le fichier jusqu’à la prochaine écriture).</translation>
    </message>
    <message>
        <source>Style:</source>
        <translation>Style&#xa0;:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle&#xa0;:</translation>
    </message>
</context>
<context>
    <name>ReviewOps</name>
    <message>
        <source>that version is no longer in the history</source>
        <translation>cette version n’est plus dans l’historique</translation>
    </message>
    <message>
        <source>wrote it into a sidecar file (.xmp) beside the photo</source>
        <translation>écrite dans un fichier annexe XMP (.xmp) à côté de la photo</translation>
    </message>
    <message numerus="yes">
        <source>wrote %Ln into sidecar files (.xmp)</source>
        <translation>
            <numerusform>%Ln écrite dans un fichier annexe XMP (.xmp)</numerusform>
            <numerusform>%Ln écrites dans des fichiers annexes XMP (.xmp)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>wrote {written} (%Ln into sidecar .xmp files)</source>
        <translation>
            <numerusform>{written} écrites (dont %Ln dans un fichier annexe XMP)</numerusform>
            <numerusform>{written} écrites (dont %Ln dans des fichiers annexes XMP)</numerusform>
        </translation>
    </message>
    <message>
        <source>wrote it into its file</source>
        <translation>écrite dans son fichier</translation>
    </message>
    <message numerus="yes">
        <source>wrote %Ln into their files</source>
        <translation>
            <numerusform>%Ln écrite dans son fichier</numerusform>
            <numerusform>%Ln écrites dans leurs fichiers</numerusform>
        </translation>
    </message>
    <message>
        <source>Not approved yet: the draft names people or places nothing known about the photo holds</source>
        <translation>Pas encore approuvée&#xa0;: le brouillon mentionne des personnes ou des lieux que rien de connu sur la photo ne confirme</translation>
    </message>
    <message numerus="yes">
        <source>Approved %Ln photo(s)</source>
        <translation>
            <numerusform>%Ln photo approuvée</numerusform>
            <numerusform>%Ln photos approuvées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{approved}; skipped %Ln flagged draft(s) (approve them one by one)</source>
        <translation>
            <numerusform>{approved}&#xa0;; %Ln brouillon signalé ignoré (approuvez-le individuellement)</numerusform>
            <numerusform>{approved}&#xa0;; %Ln brouillons signalés ignorés (approuvez-les un par un)</numerusform>
        </translation>
    </message>
    <message>
        <source>{approved} and {written}</source>
        <translation>{approved} et {written}</translation>
    </message>
    <message numerus="yes">
        <source>{approved}; writing failed for %Ln (see the log)</source>
        <translation>
            <numerusform>{approved}&#xa0;; échec de l’écriture pour %Ln (voir le journal)</numerusform>
            <numerusform>{approved}&#xa0;; échec de l’écriture pour %Ln (voir le journal)</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to write: no approved captions here</source>
        <translation>Rien à écrire&#xa0;: aucune légende approuvée ici</translation>
    </message>
    <message>
        <source>Nothing to write: no approved captions</source>
        <translation>Rien à écrire&#xa0;: aucune légende approuvée</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %Ln photo(s)</source>
        <translation>
            <numerusform>%Ln photo écrite</numerusform>
            <numerusform>%Ln photos écrites</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}, %Ln failed (see the log)</source>
        <translation>
            <numerusform>{wrote}, %Ln en échec (voir le journal)</numerusform>
            <numerusform>{wrote}, %Ln en échec (voir le journal)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}; %Ln with old text left in the file (see the log)</source>
        <translation>
            <numerusform>{wrote}&#xa0;; %Ln avec un ancien texte resté dans le fichier (voir le journal)</numerusform>
            <numerusform>{wrote}&#xa0;; %Ln avec un ancien texte resté dans le fichier (voir le journal)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}; %Ln changed in another app: Review → Resolve conflict…</source>
        <translation>
            <numerusform>{wrote}&#xa0;; %Ln modifiée dans une autre application&#xa0;: Vérification → Résoudre le conflit…</numerusform>
            <numerusform>{wrote}&#xa0;; %Ln modifiées dans une autre application&#xa0;: Vérification → Résoudre le conflit…</numerusform>
        </translation>
    </message>
    <message>
        <source>Kept your caption, but writing failed: {error}</source>
        <translation>Votre légende a été gardée, mais l’écriture a échoué&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Took the other app&apos;s text, but writing failed: {error}</source>
        <translation>Le texte de l’autre application a été repris, mais l’écriture a échoué&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Kept your caption and wrote it into the file</source>
        <translation>Votre légende a été gardée et écrite dans le fichier</translation>
    </message>
    <message>
        <source>Took the other app&apos;s text and wrote it into the file</source>
        <translation>Le texte de l’autre application a été repris et écrit dans le fichier</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Rien à annuler</translation>
    </message>
    <message>
        <source>Undid the last write: {name} has its previous metadata again</source>
        <translation>Dernière écriture annulée&#xa0;: {name} a retrouvé ses métadonnées précédentes</translation>
    </message>
</context>
<context>
    <name>SecondLanguageBox</name>
    <message>
        <source>Caption in the second language</source>
        <translation>Légende dans la deuxième langue</translation>
    </message>
    <message>
        <source>Alt text in the second language</source>
        <translation>Texte alternatif dans la deuxième langue</translation>
    </message>
    <message>
        <source>Second language ({code}):</source>
        <translation>Deuxième langue ({code})&#xa0;:</translation>
    </message>
    <message>
        <source>Alt text in {code}</source>
        <translation>Texte alternatif en {code}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source> s</source>
        <comment>seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>Bursts: taken within</source>
        <translation>Rafales&#xa0;: prises à moins de</translation>
    </message>
    <message>
        <source>Photos from one camera taken this close together, and looking alike, form a group</source>
        <translation>Les photos d’un même appareil prises à si peu d’intervalle, et qui se ressemblent, forment un groupe</translation>
    </message>
    <message>
        <source> bits of 64</source>
        <translation> bits sur 64</translation>
    </message>
    <message>
        <source>Bursts: how alike</source>
        <translation>Rafales&#xa0;: degré de ressemblance</translation>
    </message>
    <message>
        <source>How far the thumbnails&apos; perceptual hashes may differ (lower: stricter)</source>
        <translation>Écart permis entre les empreintes perceptuelles des vignettes (plus bas&#xa0;: plus strict)</translation>
    </message>
    <message>
        <source>Caption every frame of a burst on its own (slower; off: once per group)</source>
        <translation>Légender chaque image d’une rafale (plus lent&#xa0;; sinon une fois par groupe)</translation>
    </message>
    <message>
        <source>Bursts: look alike within</source>
        <translation>Rafales&#xa0;: ressemblance à moins de</translation>
    </message>
    <message>
        <source>Into the photo file where safe, else a sidecar</source>
        <translation>Dans la photo si c’est sûr, sinon fichier annexe</translation>
    </message>
    <message>
        <source>Into the file and a sidecar .xmp</source>
        <translation>Dans le fichier et un fichier annexe XMP</translation>
    </message>
    <message>
        <source>Only a sidecar .xmp (never touch the photo file)</source>
        <translation>Fichier annexe XMP seul (photo jamais modifiée)</translation>
    </message>
    <message>
        <source>photo.jpg.xmp (darktable, digiKam)</source>
        <translation>photo.jpg.xmp (darktable, digiKam)</translation>
    </message>
    <message>
        <source>photo.xmp (Lightroom)</source>
        <translation>photo.xmp (Lightroom)</translation>
    </message>
    <message>
        <source>Albumwise settings</source>
        <translation>Paramètres d’Albumwise</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Serveurs</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Style &amp;&amp; prompt</source>
        <translation>Style &amp;&amp; prompt</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>Écriture</translation>
    </message>
    <message>
        <source>Search &amp;&amp; storage</source>
        <translation>Recherche &amp;&amp; stockage</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>OpenAI-compatible</source>
        <translation>compatible OpenAI</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Retirer la sélection</translation>
    </message>
    <message>
        <source>Test selected</source>
        <translation>Tester la sélection</translation>
    </message>
    <message>
        <source>Add every computer that runs Ollama (or an OpenAI-compatible server); photos are spread over all of them.</source>
        <translation>Ajoutez chaque ordinateur qui fait tourner Ollama (ou un serveur compatible OpenAI)&#xa0;; les photos sont réparties entre eux.</translation>
    </message>
    <message>
        <source>Host test result</source>
        <translation>Résultat du test du serveur</translation>
    </message>
    <message>
        <source>{url}  (Ollama, from OLLAMA_HOST)</source>
        <translation>{url}  (Ollama, d’après OLLAMA_HOST)</translation>
    </message>
    <message>
        <source>{url}  (Ollama, default address)</source>
        <translation>{url}  (Ollama, adresse par défaut)</translation>
    </message>
    <message>
        <source>Used because no host is listed in the settings. Add a host to use another computer.</source>
        <translation>Utilisé parce qu’aucun serveur n’est indiqué dans les paramètres. Ajoutez un serveur pour utiliser un autre ordinateur.</translation>
    </message>
    <message>
        <source>Not a valid address: {error}</source>
        <translation>Adresse non valide&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Testing {url}…</source>
        <translation>Test de {url}…</translation>
    </message>
    <message>
        <source>How to fix: {fix}</source>
        <translation>Pour corriger&#xa0;: {fix}</translation>
    </message>
    <message>
        <source>Vision model</source>
        <translation>Modèle de vision</translation>
    </message>
    <message>
        <source>(automatic: best installed vision model)</source>
        <translation>(automatique&#xa0;: meilleur modèle de vision installé)</translation>
    </message>
    <message>
        <source>List vision models</source>
        <translation>Lister les modèles de vision</translation>
    </message>
    <message>
        <source>Pull</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <source>Only models that can look at pictures are listed.</source>
        <translation>Seuls les modèles capables de regarder des images sont listés.</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Download a model:</source>
        <translation>Télécharger un modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Could not pull {model}: {error}</source>
        <translation>Impossible de télécharger {model}&#xa0;: {error}</translation>
    </message>
    <message>
        <source>{model} is installed.</source>
        <translation>{model} est installé.</translation>
    </message>
    <message>
        <source>Also suggest keywords</source>
        <translation>Proposer aussi des mots-clés</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>Second language</source>
        <translation>Deuxième langue</translation>
    </message>
    <message>
        <source>Also write each caption, alt text and keywords in this language (a second request); both are reviewed and written into the photo</source>
        <translation>Écrire aussi chaque légende, texte alternatif et mots-clés dans cette langue (une deuxième requête)&#xa0;; les deux sont relus et écrits dans la photo</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>Gabarit du prompt</translation>
    </message>
    <message>
        <source>Reset to the built-in template</source>
        <translation>Revenir au gabarit intégré</translation>
    </message>
    <message>
        <source>Template problems</source>
        <translation>Problèmes du gabarit</translation>
    </message>
    <message>
        <source>Prompt preview</source>
        <translation>Aperçu du prompt</translation>
    </message>
    <message>
        <source>Caption style:</source>
        <translation>Style de légende&#xa0;:</translation>
    </message>
    <message>
        <source>Language of captions:</source>
        <translation>Langue des légendes&#xa0;:</translation>
    </message>
    <message>
        <source>Second language:</source>
        <translation>Deuxième langue&#xa0;:</translation>
    </message>
    <message>
        <source>Prompt template ({context}, {language}, {filename}, {folder}, {date} … are filled in):</source>
        <translation>Gabarit du prompt ({context}, {language}, {filename}, {folder}, {date}… sont remplis)&#xa0;:</translation>
    </message>
    <message>
        <source>Preview for the selected photo ({name}):</source>
        <translation>Aperçu pour la photo sélectionnée ({name})&#xa0;:</translation>
    </message>
    <message>
        <source>Not a placeholder: {names}. It would reach the model as written. Known placeholders: {known}.</source>
        <translation>Ce n’est pas un champ à remplir&#xa0;: {names}. Le modèle le recevrait tel quel. Champs connus&#xa0;: {known}.</translation>
    </message>
    <message>
        <source>(this template cannot be filled in: {error})</source>
        <translation>(ce gabarit ne peut pas être rempli&#xa0;: {error})</translation>
    </message>
    <message>
        <source>Keep the files&apos; modification dates</source>
        <translation>Conserver la date de modification des fichiers</translation>
    </message>
    <message>
        <source>Off (default): a written photo gets a new modification time, so Immich, darktable, Lightroom and backup tools notice the change. On: the time stays, and those may miss it.</source>
        <translation>Désactivé (par défaut)&#xa0;: une photo écrite reçoit une nouvelle date de modification, pour qu’Immich, darktable, Lightroom et les outils de sauvegarde remarquent le changement. Activé&#xa0;: la date reste, et ils risquent de ne pas le voir.</translation>
    </message>
    <message>
        <source>Write into the file as soon as I approve a caption</source>
        <translation>Écrire dans le fichier dès que j’approuve une légende</translation>
    </message>
    <message>
        <source>Record which model wrote the caption and who approved it (XMP)</source>
        <translation>Noter quel modèle a écrit la légende et qui l’a approuvée (XMP)</translation>
    </message>
    <message>
        <source>Where captions go:</source>
        <translation>Destination des légendes&#xa0;:</translation>
    </message>
    <message>
        <source>Sidecar names:</source>
        <translation>Noms des fichiers annexes&#xa0;:</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>Modèle d’embeddings</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Embedding model (search by meaning):</source>
        <translation>Modèle pour la recherche par le sens&#xa0;:</translation>
    </message>
    <message>
        <source>Thumbnail cache:</source>
        <translation>Cache des vignettes&#xa0;:</translation>
    </message>
    <message>
        <source>Thumbnail cache folder</source>
        <translation>Dossier du cache des vignettes</translation>
    </message>
    <message>
        <source>keep them</source>
        <translation>les garder</translation>
    </message>
    <message>
        <source>keep them, flagged</source>
        <translation>les garder, signalés</translation>
    </message>
    <message>
        <source>leave them out</source>
        <translation>les écarter</translation>
    </message>
    <message>
        <source>Also write resolved place names into empty location fields (MWG)</source>
        <translation>Écrire aussi les lieux trouvés dans les champs de lieu vides (MWG)</translation>
    </message>
    <message>
        <source>Keywords outside a folder&apos;s vocabulary:</source>
        <translation>Mots-clés hors du vocabulaire d’un dossier&#xa0;:</translation>
    </message>
</context>
<context>
    <name>SidebarModel</name>
    <message>
        <source>Places</source>
        <translation>Lieux</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personnes</translation>
    </message>
    <message>
        <source>All photos</source>
        <translation>Toutes les photos</translation>
    </message>
    <message>
        <source>Uncaptioned</source>
        <translation>Sans légende</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>À vérifier</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvées</translation>
    </message>
    <message>
        <source>In file</source>
        <translation>Dans le fichier</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Signalées</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Doublons</translation>
    </message>
    <message>
        <source>Changed elsewhere</source>
        <translation>Modifiées ailleurs</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothèque</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Dossiers</translation>
    </message>
</context>
<context>
    <name>StatusModel</name>
    <message>
        <source>Ready</source>
        <translation>Prêt</translation>
    </message>
    <message numerus="yes">
        <source>{name} and %Ln other(s)</source>
        <translation>
            <numerusform>{name} et %Ln autre</numerusform>
            <numerusform>{name} et %Ln autres</numerusform>
        </translation>
    </message>
    <message>
        <source>Captioning paused: Resume (Ctrl+Shift+P) to continue</source>
        <translation>Légendage en pause&#xa0;: reprenez (Ctrl+Maj+P) pour continuer</translation>
    </message>
    <message>
        <source>Captioning paused: {reason}. It resumes by itself when the server answers.</source>
        <translation>Légendage en pause&#xa0;: {reason}. Il reprendra tout seul quand le serveur répondra.</translation>
    </message>
    <message>
        <source>Captioning paused: {reason}. Resume (Ctrl+Shift+P) once it is fixed.</source>
        <translation>Légendage en pause&#xa0;: {reason}. Reprenez (Ctrl+Maj+P) une fois le problème réglé.</translation>
    </message>
    <message>
        <source>Captioning resumed</source>
        <translation>Légendage repris</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln queued photo(s) ({summary})</source>
        <translation>
            <numerusform>%Ln photo en file d’attente annulée ({summary})</numerusform>
            <numerusform>%Ln photos en file d’attente annulées ({summary})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln queued photo(s)</source>
        <translation>
            <numerusform>%Ln photo en file d’attente annulée</numerusform>
            <numerusform>%Ln photos en file d’attente annulées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{captioned}, %Ln failed (see the log)</source>
        <translation>
            <numerusform>{captioned}, %Ln en échec (voir le journal)</numerusform>
            <numerusform>{captioned}, %Ln en échec (voir le journal)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln captioned</source>
        <translation>
            <numerusform>%Ln légendée</numerusform>
            <numerusform>%Ln légendées</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StyleNames</name>
    <message>
        <source>caption</source>
        <translation>courte</translation>
    </message>
    <message>
        <source>detailed</source>
        <translation>détaillée</translation>
    </message>
    <message>
        <source>alt text</source>
        <translation>texte alternatif</translation>
    </message>
    <message>
        <source>keywords</source>
        <translation>mots-clés seuls</translation>
    </message>
</context>
<context>
    <name>WindowLanguage</name>
    <message>
        <source>Language of the window</source>
        <translation>Langue de la fenêtre</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>Système ({language})</translation>
    </message>
    <message>
        <source>The window changes its language the next time Albumwise starts. Captions are written in the language chosen under Style &amp; prompt; “Same as the window” follows this one.</source>
        <translation>La fenêtre change de langue au prochain démarrage d’Albumwise. Les légendes sont écrites dans la langue choisie sous «&#xa0;Style &amp; prompt&#xa0;»&#xa0;; «&#xa0;Comme la fenêtre&#xa0;» suit celle-ci.</translation>
    </message>
    <message>
        <source>Language of the window:</source>
        <translation>Langue de la fenêtre&#xa0;:</translation>
    </message>
    <message>
        <source>{variable} is set for this start ({value}): it wins over this setting.</source>
        <translation>{variable} est défini pour ce démarrage ({value})&#xa0;: il l’emporte sur ce réglage.</translation>
    </message>
</context>
</TS>
