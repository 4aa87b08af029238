<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>CaptionBridge</name>
    <message>
        <source>reachable (version {version})</source>
        <translation>erreichbar (Version {version})</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>erreichbar</translation>
    </message>
    <message numerus="yes">
        <source>Queued %Ln photo(s); captioning is paused — resume to continue</source>
        <translation>
            <numerusform>%Ln Foto eingereiht; die Beschriftung ist angehalten – zum Weitermachen fortsetzen</numerusform>
            <numerusform>%Ln Fotos eingereiht; die Beschriftung ist angehalten – zum Weitermachen fortsetzen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queued %Ln photo(s) for captioning</source>
        <translation>
            <numerusform>%Ln Foto zum Beschriften eingereiht</numerusform>
            <numerusform>%Ln Fotos zum Beschriften eingereiht</numerusform>
        </translation>
    </message>
    <message>
        <source>{host} answers again — captioning resumed</source>
        <translation>{host} antwortet wieder – die Beschriftung läuft weiter</translation>
    </message>
    <message numerus="yes">
        <source>{photos} photos captioned by %Ln generation(s) (bursts and duplicates are captioned once)</source>
        <translation>
            <numerusform>{photos} Fotos mit %Ln Durchlauf beschriftet (Serienaufnahmen und Duplikate werden einmal beschriftet)</numerusform>
            <numerusform>{photos} Fotos mit %Ln Durchläufen beschriftet (Serienaufnahmen und Duplikate werden einmal beschriftet)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation>
            <numerusform>%Ln Token</numerusform>
            <numerusform>%Ln Token</numerusform>
        </translation>
    </message>
    <message>
        <source>{tokens} · {speed} tokens/s</source>
        <translation>{tokens} · {speed} Token/s</translation>
    </message>
    <message>
        <source>captioning failed</source>
        <translation>Beschriftung fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>Select a photo, then ask about it.</source>
        <translation>Wählen Sie ein Foto aus und stellen Sie dann Ihre Frage dazu.</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Ask about this photo… (Enter)</source>
        <translation>Zu diesem Foto fragen … (Eingabe)</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <source>Asking about &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>Fragen zu &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;You:&lt;/b&gt; {question}</source>
        <translation>&lt;b&gt;Sie:&lt;/b&gt; {question}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model:&lt;/b&gt; </source>
        <translation>&lt;b&gt;Modell:&lt;/b&gt; </translation>
    </message>
    <message>
        <source>Could not ask the model: {error}</source>
        <translation>Das Modell konnte nicht gefragt werden: {error}</translation>
    </message>
</context>
<context>
    <name>CheckRow</name>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: checking…</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;: wird geprüft …</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: {result}</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;: {result}</translation>
    </message>
    <message>
        <source>How to fix: {fix}</source>
        <translation>So beheben Sie es: {fix}</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>Install it with:  sudo apt install libimage-exiftool-perl   (Fedora: sudo dnf install perl-Image-ExifTool)</source>
        <translation>Installieren mit:  sudo apt install libimage-exiftool-perl   (Fedora: sudo dnf install perl-Image-ExifTool)</translation>
    </message>
    <message>
        <source>Install it with:  brew install exiftool   (or the package from exiftool.org)</source>
        <translation>Installieren mit:  brew install exiftool   (oder mit dem Paket von exiftool.org)</translation>
    </message>
    <message>
        <source>Download the Windows executable from https://exiftool.org and put exiftool.exe on your PATH.</source>
        <translation>Laden Sie das Windows-Programm von https://exiftool.org herunter und legen Sie exiftool.exe in einen Ordner Ihres PATH.</translation>
    </message>
    <message>
        <source>{detail}: approved captions can be written into your photos.</source>
        <translation>{detail}: Freigegebene Bildunterschriften können in Ihre Fotos geschrieben werden.</translation>
    </message>
    <message>
        <source>{detail}. You can still caption, review and search, but Albumwise cannot write captions into your photo files until exiftool is installed.</source>
        <translation>{detail}. Sie können trotzdem beschriften, prüfen und suchen, aber Albumwise kann erst Bildunterschriften in Ihre Fotodateien schreiben, wenn exiftool installiert ist.</translation>
    </message>
    <message>
        <source>exiftool not found on PATH</source>
        <translation>exiftool nicht im Suchpfad (PATH) gefunden</translation>
    </message>
    <message>
        <source>exiftool {version} at {path}</source>
        <translation>exiftool {version} unter {path}</translation>
    </message>
    <message>
        <source>exiftool {version} at {path} is too old (12.15 or newer is needed)</source>
        <translation>exiftool {version} unter {path} ist zu alt (nötig ist 12.15 oder neuer)</translation>
    </message>
    <message>
        <source>Ollama is not reachable at {url}.</source>
        <translation>Ollama ist unter {url} nicht erreichbar.</translation>
    </message>
    <message>
        <source>Install Ollama from https://ollama.com/download and start it (open the app, or run:  ollama serve). If it runs on another computer, add that address under Settings → Hosts.</source>
        <translation>Installieren Sie Ollama von https://ollama.com/download und starten Sie es (die App öffnen oder ausführen:  ollama serve). Läuft es auf einem anderen Computer, tragen Sie dessen Adresse unter Einstellungen → Server ein.</translation>
    </message>
    <message>
        <source>Ollama answers at {url} but listing its models failed: {error}</source>
        <translation>Ollama antwortet unter {url}, aber seine Modelle ließen sich nicht auflisten: {error}</translation>
    </message>
    <message>
        <source>Check the Ollama log.</source>
        <translation>Sehen Sie im Protokoll von Ollama nach.</translation>
    </message>
    <message>
        <source>The server</source>
        <translation>Der Server</translation>
    </message>
    <message>
        <source>{server} is running at {url}, but no vision model is installed (a model that can look at pictures).</source>
        <translation>{server} läuft unter {url}, aber es ist kein Vision-Modell installiert (ein Modell, das Bilder ansehen kann).</translation>
    </message>
    <message>
        <source>Install one with:  ollama pull qwen2.5vl:7b   (smaller: ollama pull moondream; or use Settings → Model → Pull).</source>
        <translation>Installieren Sie eines mit:  ollama pull qwen2.5vl:7b   (kleiner: ollama pull moondream; oder über Einstellungen → Modell → Laden).</translation>
    </message>
    <message>
        <source>{server} is running, but the chosen model “{model}” is not installed.</source>
        <translation>{server} läuft, aber das gewählte Modell „{model}“ ist nicht installiert.</translation>
    </message>
    <message>
        <source>Pick one of: {models} — or run:  ollama pull {model}</source>
        <translation>Wählen Sie eines davon: {models} – oder führen Sie aus:  ollama pull {model}</translation>
    </message>
    <message numerus="yes">
        <source>{server} is running at {url} with %Ln vision model(s): {models}.</source>
        <translation>
            <numerusform>{server} läuft unter {url} mit %Ln Vision-Modell: {models}.</numerusform>
            <numerusform>{server} läuft unter {url} mit %Ln Vision-Modellen: {models}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare models or styles</source>
        <translation>Modelle oder Stile vergleichen</translation>
    </message>
    <message>
        <source>Model {side}</source>
        <translation>Modell {side}</translation>
    </message>
    <message>
        <source>Style {side}</source>
        <translation>Stil {side}</translation>
    </message>
    <message>
        <source>Use {side} as my default</source>
        <translation>{side} als Standard verwenden</translation>
    </message>
    <message>
        <source>&lt;b&gt;{side}&lt;/b&gt; model:</source>
        <translation>Modell &lt;b&gt;{side}&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>style:</source>
        <translation>Stil:</translation>
    </message>
    <message numerus="yes">
        <source>Trying two models or styles on the first {shown} of the %Ln selected photos. Pick them and press Run both.</source>
        <translation>
            <numerusform>Zwei Modelle oder Stile werden an den ersten {shown} der %Ln ausgewählten Fotos ausprobiert. Wählen Sie sie aus und klicken Sie auf „Beide ausführen“.</numerusform>
            <numerusform>Zwei Modelle oder Stile werden an den ersten {shown} der %Ln ausgewählten Fotos ausprobiert. Wählen Sie sie aus und klicken Sie auf „Beide ausführen“.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying two models or styles on the %Ln selected photo(s). Pick them and press Run both.</source>
        <translation>
            <numerusform>Zwei Modelle oder Stile werden an dem ausgewählten Foto ausprobiert. Wählen Sie sie aus und klicken Sie auf „Beide ausführen“.</numerusform>
            <numerusform>Zwei Modelle oder Stile werden an den %Ln ausgewählten Fotos ausprobiert. Wählen Sie sie aus und klicken Sie auf „Beide ausführen“.</numerusform>
        </translation>
    </message>
    <message>
        <source>Run both</source>
        <translation>Beide ausführen</translation>
    </message>
    <message>
        <source>Could not list models: {error}</source>
        <translation>Die Modelle ließen sich nicht auflisten: {error}</translation>
    </message>
    <message>
        <source>Photo {number} of {count}: {name} …</source>
        <translation>Foto {number} von {count}: {name} …</translation>
    </message>
    <message>
        <source>{tokens} tokens, {model}</source>
        <translation>{tokens} Token, {model}</translation>
    </message>
    <message>
        <source>Done. Keep the one you like as your default.</source>
        <translation>Fertig. Behalten Sie das, was Ihnen gefällt, als Standard.</translation>
    </message>
    <message>
        <source>Saved: new captions will use {model} with the “{style}” style.</source>
        <translation>Gespeichert: Neue Bildunterschriften verwenden {model} mit dem Stil „{style}“.</translation>
    </message>
    <message>
        <source>the default model</source>
        <translation>das Standardmodell</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Caption changed in another app</source>
        <translation>Bildunterschrift in einer anderen App geändert</translation>
    </message>
    <message>
        <source>Another app changed this photo&apos;s caption after Albumwise wrote it. Nothing is written until you choose.</source>
        <translation>Eine andere App hat die Bildunterschrift dieses Fotos geändert, nachdem Albumwise sie geschrieben hatte. Es wird nichts geschrieben, bevor Sie sich entscheiden.</translation>
    </message>
    <message>
        <source>Your caption</source>
        <translation>Ihre Bildunterschrift</translation>
    </message>
    <message>
        <source>The other app&apos;s text</source>
        <translation>Der Text der anderen App</translation>
    </message>
    <message>
        <source>&lt;b&gt;Yours&lt;/b&gt; (Albumwise)</source>
        <translation>&lt;b&gt;Ihre Fassung&lt;/b&gt; (Albumwise)</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>die Datei</translation>
    </message>
    <message>
        <source>&lt;b&gt;Theirs&lt;/b&gt; ({source})</source>
        <translation>&lt;b&gt;Andere Fassung&lt;/b&gt; ({source})</translation>
    </message>
    <message>
        <source>Changed: {fields}</source>
        <translation>Geändert: {fields}</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Meine behalten</translation>
    </message>
    <message>
        <source>Write your caption over the other app&apos;s text</source>
        <translation>Ihre Bildunterschrift über den Text der anderen App schreiben</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Andere übernehmen</translation>
    </message>
    <message>
        <source>Make their text the caption and write it into every field</source>
        <translation>Deren Text zur Bildunterschrift machen und in jedes Feld schreiben</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>Später entscheiden</translation>
    </message>
</context>
<context>
    <name>ContextDialog</name>
    <message>
        <source>Folder context</source>
        <translation>Ordnerkontext</translation>
    </message>
    <message>
        <source>e.g. Anna &amp; Ben&apos;s wedding</source>
        <translation>z. B. Hochzeit von Anna &amp; Ben</translation>
    </message>
    <message>
        <source>e.g. Florence, Tuscany, Italy</source>
        <translation>z. B. Florenz, Toskana, Italien</translation>
    </message>
    <message>
        <source>names, separated by commas</source>
        <translation>Namen, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>inherited: {value}</source>
        <translation>geerbt: {value}</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Ereignis:</translation>
    </message>
    <message>
        <source>Place:</source>
        <translation>Ort:</translation>
    </message>
    <message>
        <source>People:</source>
        <translation>Personen:</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Notizen:</translation>
    </message>
    <message numerus="yes">
        <source>%Ln keyword(s)</source>
        <translation>
            <numerusform>%Ln Stichwort</numerusform>
            <numerusform>%Ln Stichwörter</numerusform>
        </translation>
    </message>
    <message>
        <source>Import keyword list…</source>
        <translation>Stichwortliste importieren …</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>Vokabular:</translation>
    </message>
    <message>
        <source>Applies to {folder} and its sub-folders. Drafts written before a change are marked “old context”; regenerate them when you like.</source>
        <translation>Gilt für {folder} und seine Unterordner. Entwürfe, die vor einer Änderung geschrieben wurden, werden als „alter Kontext“ markiert; beschriften Sie sie neu, wann Sie möchten.</translation>
    </message>
    <message>
        <source>Keyword list</source>
        <translation>Stichwortliste</translation>
    </message>
    <message>
        <source>Keyword lists (*.txt);;All files (*)</source>
        <translation>Stichwortlisten (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Not imported: {error}</source>
        <translation>Nicht importiert: {error}</translation>
    </message>
    <message>
        <source>no vocabulary</source>
        <translation>kein Vokabular</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Bildunterschrift</translation>
    </message>
    <message>
        <source>No caption yet. Press C to caption this photo, or type one.</source>
        <translation>Noch keine Bildunterschrift. Drücken Sie C, um dieses Foto zu beschriften, oder schreiben Sie selbst eine.</translation>
    </message>
    <message>
        <source>Alt text:</source>
        <translation>Alternativtext:</translation>
    </message>
    <message>
        <source>Alt text</source>
        <translation>Alternativtext</translation>
    </message>
    <message>
        <source>No alt text yet: one short sentence for people who cannot see the photo</source>
        <translation>Noch kein Alternativtext: ein kurzer Satz für Menschen, die das Foto nicht sehen können</translation>
    </message>
    <message>
        <source>Written into the photo as its accessibility text (at most 250 characters); saved and approved with the caption</source>
        <translation>Wird als Text für Barrierefreiheit ins Foto geschrieben (höchstens 250 Zeichen); mit der Bildunterschrift gespeichert und freigegeben</translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation>Änderung speichern</translation>
    </message>
    <message>
        <source>Keep your edited caption and keywords (Ctrl+S)</source>
        <translation>Ihre bearbeitete Bildunterschrift und Stichwörter behalten (Strg+S)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Approve this caption (A); Shift+A approves and moves to the next photo</source>
        <translation>Diese Bildunterschrift freigeben (A); Umschalt+A gibt frei und geht zum nächsten Foto</translation>
    </message>
    <message>
        <source>Approve &amp;&amp; next</source>
        <translation>Freigeben &amp;&amp; weiter</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Reject this caption (R)</source>
        <translation>Diese Bildunterschrift ablehnen (R)</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Lösen …</translation>
    </message>
    <message>
        <source>Keep your caption or take the other app&apos;s text</source>
        <translation>Ihre Bildunterschrift behalten oder den Text der anderen App übernehmen</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Datum:</translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation>Kamera:</translation>
    </message>
    <message>
        <source>Place:</source>
        <translation>Ort:</translation>
    </message>
    <message>
        <source>People:</source>
        <translation>Personen:</translation>
    </message>
    <message>
        <source>Occasion:</source>
        <translation>Anlass:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <source>Caption history</source>
        <translation>Verlauf der Bildunterschrift</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Diese Fassung wiederherstellen</translation>
    </message>
    <message>
        <source>Keywords:</source>
        <translation>Stichwörter:</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Verlauf:</translation>
    </message>
    <message>
        <source>Select a photo</source>
        <translation>Wählen Sie ein Foto aus</translation>
    </message>
    <message>
        <source>{width} × {height} px, {size}</source>
        <translation>{width} × {height} px, {size}</translation>
    </message>
    <message>
        <source>video, {length}, {size}</source>
        <translation>Video, {length}, {size}</translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>a camera</comment>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Flags: {flags}</source>
        <translation>Hinweise: {flags}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>The model is writing…</source>
        <translation>Das Modell schreibt …</translation>
    </message>
    <message>
        <source>waiting for the first words…</source>
        <translation>warte auf die ersten Wörter …</translation>
    </message>
</context>
<context>
    <name>DetailText</name>
    <message>
        <source>No caption yet</source>
        <translation>Noch keine Bildunterschrift</translation>
    </message>
    <message>
        <source>Draft — waiting for your review</source>
        <translation>Entwurf – wartet auf Ihre Prüfung</translation>
    </message>
    <message>
        <source>Approved — not yet written to the file</source>
        <translation>Freigegeben – noch nicht in die Datei geschrieben</translation>
    </message>
    <message>
        <source>Written into the file</source>
        <translation>In die Datei geschrieben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Captioning failed</source>
        <translation>Beschriftung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Changed in another app after it was written: choose Resolve to keep yours or take theirs</source>
        <translation>Nach dem Schreiben anderswo geändert: „Lösen“ wählt zwischen beiden Fassungen</translation>
    </message>
    <message>
        <source>loop cut (the model repeated itself; the repeat was removed)</source>
        <translation>Schleife gekürzt (das Modell hat sich wiederholt; die Wiederholung wurde entfernt)</translation>
    </message>
    <message>
        <source>truncated (the model hit its length limit)</source>
        <translation>abgeschnitten (das Modell hat seine Längengrenze erreicht)</translation>
    </message>
    <message>
        <source>the model refused to describe the photo</source>
        <translation>das Modell hat sich geweigert, das Foto zu beschreiben</translation>
    </message>
    <message>
        <source>same caption as another photo in this batch</source>
        <translation>dieselbe Bildunterschrift wie ein anderes Foto dieses Durchgangs</translation>
    </message>
    <message>
        <source>the model returned nothing</source>
        <translation>das Modell hat nichts geliefert</translation>
    </message>
    <message>
        <source>a name nothing known about this photo holds (highlighted): check it</source>
        <translation>ein Name, den nichts über dieses Foto Bekannte stützt (hervorgehoben): bitte prüfen</translation>
    </message>
    <message>
        <source>written before the folder&apos;s context changed: Regenerate to use it</source>
        <translation>geschrieben, bevor sich der Ordnerkontext geändert hat: neu beschriften, um ihn zu nutzen</translation>
    </message>
    <message>
        <source>keywords outside the folder&apos;s vocabulary</source>
        <translation>Stichwörter außerhalb des Ordnervokabulars</translation>
    </message>
    <message>
        <source>not in the language asked for (kept out of approving all drafts)</source>
        <translation>nicht in der gewünschten Sprache (wird beim Freigeben aller Entwürfe ausgelassen)</translation>
    </message>
    <message>
        <source>the model wrote no alt text: type one if the photo is published</source>
        <translation>das Modell hat keinen Alternativtext geschrieben: geben Sie einen ein, wenn das Foto veröffentlicht wird</translation>
    </message>
    <message>
        <source>all without a caption</source>
        <translation>alle ohne Bildunterschrift</translation>
    </message>
    <message>
        <source>all to review</source>
        <translation>alle zu prüfen</translation>
    </message>
    <message>
        <source>all approved, not yet written</source>
        <translation>alle freigegeben, noch nicht geschrieben</translation>
    </message>
    <message>
        <source>all in the file</source>
        <translation>alle in der Datei</translation>
    </message>
    <message>
        <source>all rejected</source>
        <translation>alle abgelehnt</translation>
    </message>
    <message>
        <source>all failed</source>
        <translation>alle fehlgeschlagen</translation>
    </message>
    <message>
        <source>all changed in another app</source>
        <translation>alle in einer anderen App geändert</translation>
    </message>
    <message>
        <source>all unreadable</source>
        <translation>alle unlesbar</translation>
    </message>
    <message>
        <source>all being captioned</source>
        <translation>alle werden beschriftet</translation>
    </message>
    <message numerus="yes">
        <source>%Ln without a caption</source>
        <translation>
            <numerusform>%Ln ohne Bildunterschrift</numerusform>
            <numerusform>%Ln ohne Bildunterschrift</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln to review</source>
        <translation>
            <numerusform>%Ln zu prüfen</numerusform>
            <numerusform>%Ln zu prüfen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln approved, not yet written</source>
        <translation>
            <numerusform>%Ln freigegeben, noch nicht geschrieben</numerusform>
            <numerusform>%Ln freigegeben, noch nicht geschrieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln in the file</source>
        <translation>
            <numerusform>%Ln in der Datei</numerusform>
            <numerusform>%Ln in der Datei</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rejected</source>
        <translation>
            <numerusform>%Ln abgelehnt</numerusform>
            <numerusform>%Ln abgelehnt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln fehlgeschlagen</numerusform>
            <numerusform>%Ln fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed in another app</source>
        <translation>
            <numerusform>%Ln in einer anderen App geändert</numerusform>
            <numerusform>%Ln in einer anderen App geändert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable</source>
        <translation>
            <numerusform>%Ln unlesbar</numerusform>
            <numerusform>%Ln unlesbar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln being captioned</source>
        <translation>
            <numerusform>%Ln wird beschriftet</numerusform>
            <numerusform>%Ln werden beschriftet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Byte</numerusform>
        </translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation>{size} KB</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>{size} GB</source>
        <translation>{size} GB</translation>
    </message>
    <message>
        <source>{date}, {time}</source>
        <translation>{date}, {time}</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>written</source>
        <translation>geschrieben</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>{source} ({model})</source>
        <translation>{source} ({model})</translation>
    </message>
    <message>
        <source>Captioning failed: {reason}. Press C to try again, G to try another model, or type a caption yourself.</source>
        <translation>Beschriftung fehlgeschlagen: {reason}. Drücken Sie C für einen neuen Versuch, G für ein anderes Modell, oder schreiben Sie selbst eine Bildunterschrift.</translation>
    </message>
    <message>
        <source>Captioning failed (the log says why). Press C to try again, G to try another model, or type a caption yourself.</source>
        <translation>Beschriftung fehlgeschlagen (der Grund steht im Protokoll). Drücken Sie C für einen neuen Versuch, G für ein anderes Modell, oder schreiben Sie selbst eine Bildunterschrift.</translation>
    </message>
    <message>
        <source>This photo cannot be read, so the model cannot caption it. You can still type a caption.</source>
        <translation>Dieses Foto lässt sich nicht lesen, deshalb kann das Modell es nicht beschriften. Sie können trotzdem eine Bildunterschrift schreiben.</translation>
    </message>
    <message>
        <source>No caption: captioning failed (see above). Press C to try again, or type a caption.</source>
        <translation>Keine Bildunterschrift: Die Beschriftung ist fehlgeschlagen (siehe oben). Drücken Sie C für einen neuen Versuch, oder schreiben Sie eine Bildunterschrift.</translation>
    </message>
    <message>
        <source>No caption yet. Press C to caption this photo, or type one.</source>
        <translation>Noch keine Bildunterschrift. Drücken Sie C, um dieses Foto zu beschriften, oder schreiben Sie selbst eine.</translation>
    </message>
    <message>
        <source>not in the language asked for: {found}</source>
        <translation>nicht in der gewünschten Sprache: {found}</translation>
    </message>
</context>
<context>
    <name>FactText</name>
    <message>
        <source>set by you</source>
        <translation>von Ihnen festgelegt</translation>
    </message>
    <message>
        <source>from the file</source>
        <translation>aus der Datei</translation>
    </message>
    <message>
        <source>from the file and GPS</source>
        <translation>aus Datei und GPS</translation>
    </message>
    <message>
        <source>from GPS</source>
        <translation>aus GPS</translation>
    </message>
    <message>
        <source>at sea</source>
        <translation>auf See</translation>
    </message>
    <message>
        <source>at sea, {km} km off {place}</source>
        <translation>auf See, {km} km vor {place}</translation>
    </message>
    <message>
        <source>near {place} ({km} km)</source>
        <translation>bei {place} ({km} km)</translation>
    </message>
    <message>
        <source>near {place}</source>
        <translation>bei {place}</translation>
    </message>
    <message>
        <source>{km} km from {place}</source>
        <translation>{km} km von {place}</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}; the folder says {folder}</source>
        <translation>Uhr scheint falsch: Die Kamera sagt {taken}, der Ordner sagt {folder}</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, a value camera clocks reset to; the folder says {folder}</source>
        <translation>Uhr scheint falsch: Die Kamera sagt {taken}, ein Wert, auf den Kamerauhren zurückspringen; der Ordner sagt {folder}</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, a value camera clocks reset to</source>
        <translation>Uhr scheint falsch: Die Kamera sagt {taken}, ein Wert, auf den Kamerauhren zurückspringen</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, which is in the future</source>
        <translation>Uhr scheint falsch: Die Kamera sagt {taken}, das liegt in der Zukunft</translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}</source>
        <translation>Uhr scheint falsch: Die Kamera sagt {taken}</translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>a date</comment>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>{date} (from the folder name)</source>
        <translation>{date} (laut Ordnername)</translation>
    </message>
    <message>
        <source>{place}  ({source})</source>
        <translation>{place}  ({source})</translation>
    </message>
    <message>
        <source>no location</source>
        <translation>kein Ort</translation>
    </message>
    <message>
        <source>may appear: {names}</source>
        <translation>vielleicht zu sehen: {names}</translation>
    </message>
    <message>
        <source>{names}  ({may_appear})</source>
        <translation>{names}  ({may_appear})</translation>
    </message>
    <message>
        <source>{occasion}  (set by you)</source>
        <translation>{occasion}  (von Ihnen festgelegt)</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>{model}  (recommended)</source>
        <translation>{model}  (empfohlen)</translation>
    </message>
    <message>
        <source>Welcome to Albumwise</source>
        <translation>Willkommen bei Albumwise</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to Albumwise&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Willkommen bei Albumwise&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Albumwise writes a caption and keywords for each of your photos with a vision model that runs on your own computer. You review every caption before it is saved into the photo.</source>
        <translation>Albumwise schreibt zu jedem Ihrer Fotos eine Bildunterschrift und Stichwörter – mit einem Vision-Modell, das auf Ihrem eigenen Computer läuft. Sie prüfen jede Bildunterschrift, bevor sie im Foto gespeichert wird.</translation>
    </message>
    <message>
        <source>&lt;b&gt;1. Choose the folder where your photos are.&lt;/b&gt; Albumwise reads it; it changes a file only when you approve a caption.</source>
        <translation>&lt;b&gt;1. Wählen Sie den Ordner mit Ihren Fotos.&lt;/b&gt; Albumwise liest ihn; eine Datei ändert es erst, wenn Sie eine Bildunterschrift freigeben.</translation>
    </message>
    <message>
        <source>Photo folder</source>
        <translation>Fotoordner</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>&lt;b&gt;2. What Albumwise found on this computer:&lt;/b&gt;</source>
        <translation>&lt;b&gt;2. Was Albumwise auf diesem Computer gefunden hat:&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Writing into files</source>
        <translation>In Dateien schreiben</translation>
    </message>
    <message>
        <source>Captioning</source>
        <translation>Beschriften</translation>
    </message>
    <message>
        <source>Vision model</source>
        <translation>Vision-Modell</translation>
    </message>
    <message>
        <source>Browsing, search and review work without Ollama; captioning needs it.</source>
        <translation>Durchsehen, Suchen und Prüfen funktionieren ohne Ollama; zum Beschriften wird es gebraucht.</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Open my photos</source>
        <translation>Meine Fotos öffnen</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <source>Model to use for captions:</source>
        <translation>Modell für die Bildunterschriften:</translation>
    </message>
    <message>
        <source>Choose your photo folder</source>
        <translation>Fotoordner wählen</translation>
    </message>
    <message>
        <source>Choose an existing folder first</source>
        <translation>Wählen Sie zuerst einen vorhandenen Ordner</translation>
    </message>
</context>
<context>
    <name>HostLights</name>
    <message>
        <source>not checked yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
    <message>
        <source>Host {host}: {state}</source>
        <translation>Server {host}: {state}</translation>
    </message>
    <message>
        <source>answering</source>
        <translation>antwortet</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>ausgelastet</translation>
    </message>
    <message>
        <source>not answering</source>
        <translation>antwortet nicht</translation>
    </message>
</context>
<context>
    <name>KeyframeScrub</name>
    <message>
        <source>Video keyframes</source>
        <translation>Schlüsselbilder des Videos</translation>
    </message>
    <message>
        <source>loading keyframes… ({length})</source>
        <translation>Schlüsselbilder werden geladen … ({length})</translation>
    </message>
    <message>
        <source>no keyframe could be decoded</source>
        <translation>kein Schlüsselbild ließ sich dekodieren</translation>
    </message>
    <message>
        <source>{time} · keyframe {number} of {count}</source>
        <translation>{time} · Schlüsselbild {number} von {count}</translation>
    </message>
</context>
<context>
    <name>KeywordChips</name>
    <message>
        <source>add keyword…</source>
        <translation>Stichwort hinzufügen …</translation>
    </message>
    <message>
        <source>Add keyword</source>
        <translation>Stichwort hinzufügen</translation>
    </message>
    <message>
        <source>Remove keyword “{keyword}”</source>
        <translation>Stichwort „{keyword}“ entfernen</translation>
    </message>
    <message>
        <source>Keyword {keyword}</source>
        <translation>Stichwort {keyword}</translation>
    </message>
</context>
<context>
    <name>LanguageSettings</name>
    <message>
        <source>English</source>
        <translation>Englisch</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Französisch</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Spanisch</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>Italienisch</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Niederländisch</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>Portugiesisch</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>Polnisch</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>Schwedisch</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>Japanisch</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chinesisch</translation>
    </message>
    <message>
        <source>Language of captions</source>
        <translation>Sprache der Bildunterschriften</translation>
    </message>
    <message>
        <source>Same as the window ({language})</source>
        <translation>Wie das Fenster ({language})</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Problems and notices appear here.</source>
        <translation>Probleme und Hinweise erscheinen hier.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>“{name}”</source>
        <comment>a name in quotation marks</comment>
        <translation>„{name}“</translation>
    </message>
    <message>
        <source>a name</source>
        <translation>einen Namen</translation>
    </message>
    <message>
        <source>This draft names {names}, which nothing known about the photo supports (its place, the people named in the file or by you, the folder).

Check the caption: the model may have invented it. Approve it anyway?</source>
        <translation>Dieser Entwurf nennt {names}, wofür nichts über das Foto Bekannte spricht (sein Ort, die in der Datei oder von Ihnen genannten Personen, der Ordner).

Prüfen Sie die Bildunterschrift: Das Modell hat es vielleicht erfunden. Trotzdem freigeben?</translation>
    </message>
    <message>
        <source>Approve a flagged caption</source>
        <translation>Bildunterschrift mit Hinweis freigeben</translation>
    </message>
    <message>
        <source>Approve anyway</source>
        <translation>Trotzdem freigeben</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Not approved</source>
        <translation>Nicht freigegeben</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Select one photo whose caption is in conflict</source>
        <translation>Wählen Sie ein Foto, dessen Bildunterschrift im Konflikt steht</translation>
    </message>
    <message>
        <source>This photo&apos;s caption is not in conflict</source>
        <translation>Die Bildunterschrift dieses Fotos steht nicht im Konflikt</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation>Konflikt lösen</translation>
    </message>
    <message>
        <source>Folder &amp;context…</source>
        <translation>Ordner&amp;kontext …</translation>
    </message>
    <message>
        <source>Event, place, people, notes and keywords for the selected folder</source>
        <translation>Ereignis, Ort, Personen, Notizen und Stichwörter für den ausgewählten Ordner</translation>
    </message>
    <message>
        <source>Context…</source>
        <translation>Kontext …</translation>
    </message>
    <message>
        <source>Folder context</source>
        <translation>Ordnerkontext</translation>
    </message>
    <message>
        <source>Select a folder in the sidebar first.</source>
        <translation>Wählen Sie zuerst einen Ordner in der Seitenleiste aus.</translation>
    </message>
    <message>
        <source>Cannot read the keyword list: {error}</source>
        <translation>Die Stichwortliste lässt sich nicht lesen: {error}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln draft(s) written with the old context: select them and choose Regenerate.</source>
        <translation>
            <numerusform>%Ln Entwurf wurde mit dem alten Kontext geschrieben: Wählen Sie ihn aus und dann „Neu beschriften“.</numerusform>
            <numerusform>%Ln Entwürfe wurden mit dem alten Kontext geschrieben: Wählen Sie sie aus und dann „Neu beschriften“.</numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;tack bursts and duplicates</source>
        <translation>Serien und Duplikate s&amp;tapeln</translation>
    </message>
    <message>
        <source>E&amp;xpand or collapse group</source>
        <translation>Gruppe &amp;aufklappen oder zuklappen</translation>
    </message>
    <message>
        <source>Split from &amp;group</source>
        <translation>Aus der &amp;Gruppe lösen</translation>
    </message>
    <message>
        <source>&amp;Merge into one group</source>
        <translation>Zu einer Gruppe &amp;zusammenführen</translation>
    </message>
    <message>
        <source>Use as the group&apos;s &amp;best frame</source>
        <translation>Als &amp;bestes Bild der Gruppe verwenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Photo</source>
        <translation>&amp;Foto</translation>
    </message>
    <message>
        <source>This photo is not in a group</source>
        <translation>Dieses Foto gehört zu keiner Gruppe</translation>
    </message>
    <message>
        <source>Split from group</source>
        <translation>Aus der Gruppe lösen</translation>
    </message>
    <message>
        <source>Select at least two photos to merge into one group</source>
        <translation>Wählen Sie mindestens zwei Fotos aus, um sie zu einer Gruppe zusammenzuführen</translation>
    </message>
    <message>
        <source>Merge into one group</source>
        <translation>Zu einer Gruppe zusammenführen</translation>
    </message>
    <message>
        <source>Best frame</source>
        <translation>Bestes Bild</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new</source>
        <translation>
            <numerusform>%Ln neu</numerusform>
            <numerusform>%Ln neu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed</source>
        <translation>
            <numerusform>%Ln geändert</numerusform>
            <numerusform>%Ln geändert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln moved</source>
        <translation>
            <numerusform>%Ln verschoben</numerusform>
            <numerusform>%Ln verschoben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln missing</source>
        <translation>
            <numerusform>%Ln fehlt</numerusform>
            <numerusform>%Ln fehlen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable (see the log)</source>
        <translation>
            <numerusform>%Ln unlesbar (siehe Protokoll)</numerusform>
            <numerusform>%Ln unlesbar (siehe Protokoll)</numerusform>
        </translation>
    </message>
    <message>
        <source>Library updated: {changes}</source>
        <translation>Bibliothek aktualisiert: {changes}</translation>
    </message>
    <message>
        <source>Library and folders</source>
        <translation>Bibliothek und Ordner</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Search captions, keywords, places… (Ctrl+F)</source>
        <translation>Bildunterschriften, Stichwörter, Orte suchen … (Strg+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Result count</source>
        <translation>Anzahl der Treffer</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>&amp;Undo write of {name}</source>
        <translation>Schreiben von {name} &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Put the previous metadata back into {name} (Ctrl+Shift+Z)</source>
        <translation>Die vorherigen Metadaten wieder in {name} schreiben (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <source>&amp;Undo last write…</source>
        <translation>Letztes Schreiben &amp;rückgängig machen …</translation>
    </message>
    <message>
        <source>This photo has no write to undo; asks before undoing another photo&apos;s (Ctrl+Shift+Z)</source>
        <translation>Bei diesem Foto gibt es kein Schreiben zum Rückgängigmachen; fragt nach, bevor das eines anderen Fotos rückgängig gemacht wird (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig machen</translation>
    </message>
    <message>
        <source>Nothing to undo: no caption has been written into a file yet</source>
        <translation>Nichts rückgängig zu machen: Es wurde noch keine Bildunterschrift in eine Datei geschrieben</translation>
    </message>
    <message>
        <source>Undo the last write, of {name}? Its previous metadata goes back into the file.</source>
        <translation>Das letzte Schreiben rückgängig machen, das von {name}? Die vorherigen Metadaten kommen zurück in die Datei.</translation>
    </message>
    <message>
        <source>{selected} has no write to undo.</source>
        <translation>Bei {selected} gibt es kein Schreiben zum Rückgängigmachen.</translation>
    </message>
    <message>
        <source>The selected photo has no write to undo.</source>
        <translation>Beim ausgewählten Foto gibt es kein Schreiben zum Rückgängigmachen.</translation>
    </message>
    <message>
        <source>Undo a write</source>
        <translation>Schreiben rückgängig machen</translation>
    </message>
    <message>
        <source>Undo {name}</source>
        <translation>{name} rückgängig machen</translation>
    </message>
    <message>
        <source>Undid the write of {name}: its previous metadata is back</source>
        <translation>Schreiben von {name} rückgängig gemacht: Die vorherigen Metadaten sind wieder da</translation>
    </message>
    <message>
        <source>&amp;Add photo folder…</source>
        <translation>&amp;Fotoordner hinzufügen …</translation>
    </message>
    <message>
        <source>Add a folder of photos to the library</source>
        <translation>Einen Ordner mit Fotos zur Bibliothek hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Rescan folders</source>
        <translation>Ordner erneut &amp;durchsuchen</translation>
    </message>
    <message>
        <source>Look for new, changed and removed photos</source>
        <translation>Nach neuen, geänderten und entfernten Fotos suchen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Hosts, model, style, writing</source>
        <translation>Server, Modell, Stil, Schreiben</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Caption selected</source>
        <translation>Auswahl &amp;beschriften</translation>
    </message>
    <message>
        <source>Caption the selected photos</source>
        <translation>Die ausgewählten Fotos beschriften</translation>
    </message>
    <message>
        <source>Caption all &amp;uncaptioned in view</source>
        <translation>Alle &amp;unbeschrifteten in der Ansicht beschriften</translation>
    </message>
    <message>
        <source>Caption every photo in view that has no caption</source>
        <translation>Jedes Foto in der Ansicht beschriften, das noch keine Bildunterschrift hat</translation>
    </message>
    <message>
        <source>Re&amp;generate…</source>
        <translation>&amp;Neu beschriften …</translation>
    </message>
    <message>
        <source>Caption again, optionally with another style or model</source>
        <translation>Erneut beschriften, auf Wunsch mit einem anderen Stil oder Modell</translation>
    </message>
    <message>
        <source>&amp;Pause queue</source>
        <translation>Warteschlange &amp;anhalten</translation>
    </message>
    <message>
        <source>Pause captioning (the photo being captioned goes back to the queue)</source>
        <translation>Beschriftung anhalten (das Foto in Arbeit kommt zurück in die Warteschlange)</translation>
    </message>
    <message>
        <source>&amp;Resume queue</source>
        <translation>Warteschlange &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Continue captioning</source>
        <translation>Beschriftung fortsetzen</translation>
    </message>
    <message>
        <source>Ca&amp;ncel queue</source>
        <translation>Warteschlange &amp;leeren</translation>
    </message>
    <message>
        <source>Stop and forget the queued photos</source>
        <translation>Anhalten und die eingereihten Fotos verwerfen</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Approve the selected captions</source>
        <translation>Die ausgewählten Bildunterschriften freigeben</translation>
    </message>
    <message>
        <source>Approve and &amp;next</source>
        <translation>Freigeben und &amp;weiter</translation>
    </message>
    <message>
        <source>Approve and move to the next photo</source>
        <translation>Freigeben und zum nächsten Foto gehen</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>Reject the caption</source>
        <translation>Die Bildunterschrift ablehnen</translation>
    </message>
    <message>
        <source>&amp;Edit caption</source>
        <translation>Bildunterschrift &amp;bearbeiten</translation>
    </message>
    <message>
        <source>Edit the caption text</source>
        <translation>Den Text der Bildunterschrift bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Save edit</source>
        <translation>Änderung &amp;speichern</translation>
    </message>
    <message>
        <source>Keep your edited caption</source>
        <translation>Ihre bearbeitete Bildunterschrift behalten</translation>
    </message>
    <message>
        <source>&amp;Write approved to files</source>
        <translation>Freigegebene in die &amp;Dateien schreiben</translation>
    </message>
    <message>
        <source>Write approved captions into the photos&apos; metadata</source>
        <translation>Freigegebene Bildunterschriften in die Metadaten der Fotos schreiben</translation>
    </message>
    <message>
        <source>&amp;Undo last write</source>
        <translation>Letztes Schreiben &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Put the file&apos;s previous metadata back</source>
        <translation>Die vorherigen Metadaten der Datei wiederherstellen</translation>
    </message>
    <message>
        <source>Resolve &amp;conflict…</source>
        <translation>&amp;Konflikt lösen …</translation>
    </message>
    <message>
        <source>Another app changed this caption after we wrote it: keep yours or take theirs</source>
        <translation>Eine andere App hat diese Bildunterschrift nach unserem Schreiben geändert: Ihre behalten oder die andere übernehmen</translation>
    </message>
    <message>
        <source>&amp;Copy caption</source>
        <translation>Bildunterschrift &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the caption to the clipboard</source>
        <translation>Die Bildunterschrift in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Open containing &amp;folder</source>
        <translation>Enthaltenden &amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>Show the photo in your file manager</source>
        <translation>Das Foto in der Dateiverwaltung zeigen</translation>
    </message>
    <message>
        <source>&amp;View full size</source>
        <translation>In &amp;voller Größe anzeigen</translation>
    </message>
    <message>
        <source>Full-size viewer (Space)</source>
        <translation>Anzeige in voller Größe (Leertaste)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Sidebar</source>
        <translation>Seiten&amp;leiste</translation>
    </message>
    <message>
        <source>Show or hide the folders and lists</source>
        <translation>Ordner und Listen ein- oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;Log panel</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>As&amp;k about this photo</source>
        <translation>Zu diesem Foto fra&amp;gen</translation>
    </message>
    <message>
        <source>Ask the model questions about the selected photo</source>
        <translation>Dem Modell Fragen zum ausgewählten Foto stellen</translation>
    </message>
    <message>
        <source>Co&amp;mpare models or styles…</source>
        <translation>Modelle oder Stile &amp;vergleichen …</translation>
    </message>
    <message>
        <source>Try two models or styles on a few photos</source>
        <translation>Zwei Modelle oder Stile an ein paar Fotos ausprobieren</translation>
    </message>
    <message>
        <source>Go to &amp;photos</source>
        <translation>Zu den &amp;Fotos</translation>
    </message>
    <message>
        <source>Go to f&amp;olders</source>
        <translation>Zu den &amp;Ordnern</translation>
    </message>
    <message>
        <source>Go to &amp;caption</source>
        <translation>Zur &amp;Bildunterschrift</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Caption</source>
        <translation>&amp;Beschriften</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>Suchen:</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>Write approved to files</source>
        <comment>toolbar button: keep it short</comment>
        <translation>In Dateien schreiben</translation>
    </message>
    <message>
        <source>Search: {error}</source>
        <translation>Suche: {error}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln found for “{text}”</source>
        <translation>
            <numerusform>%Ln Treffer für „{text}“</numerusform>
            <numerusform>%Ln Treffer für „{text}“</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found for “{text}”. Press Enter to search by meaning too.</source>
        <translation>Nichts gefunden für „{text}“. Drücken Sie die Eingabetaste, um auch nach Bedeutung zu suchen.</translation>
    </message>
    <message>
        <source>Nothing found for “{text}”.</source>
        <translation>Nichts gefunden für „{text}“.</translation>
    </message>
    <message>
        <source>No photos here ({folder}).</source>
        <translation>Hier sind keine Fotos ({folder}).</translation>
    </message>
    <message>
        <source>No photos in {place}.</source>
        <translation>Keine Fotos in {place}.</translation>
    </message>
    <message>
        <source>No photos of {person}.</source>
        <translation>Keine Fotos von {person}.</translation>
    </message>
    <message>
        <source>No photos in “{list}”.</source>
        <translation>Keine Fotos in „{list}“.</translation>
    </message>
    <message>
        <source>No photos yet.
Add a folder of photos: File → Add photo folder… (Ctrl+O).</source>
        <translation>Noch keine Fotos.
Fügen Sie einen Fotoordner hinzu: Datei → Fotoordner hinzufügen … (Strg+O).</translation>
    </message>
    <message numerus="yes">
        <source>%Ln found</source>
        <translation>
            <numerusform>%Ln Treffer</numerusform>
            <numerusform>%Ln Treffer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln photo(s)</source>
        <translation>
            <numerusform>%Ln Foto</numerusform>
            <numerusform>%Ln Fotos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{photos} found in %Ln tile(s)</source>
        <translation>
            <numerusform>{photos} Treffer in %Ln Kachel</numerusform>
            <numerusform>{photos} Treffer in %Ln Kacheln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{photos} photos in %Ln tile(s)</source>
        <translation>
            <numerusform>{photos} Fotos in %Ln Kachel</numerusform>
            <numerusform>{photos} Fotos in %Ln Kacheln</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a photo folder</source>
        <translation>Fotoordner wählen</translation>
    </message>
    <message>
        <source>Looking for photos…</source>
        <translation>Suche Fotos …</translation>
    </message>
    <message>
        <source>Looking for photos… {done} of {total}</source>
        <translation>Suche Fotos … {done} von {total}</translation>
    </message>
    <message>
        <source>Looking for photos… {done}</source>
        <translation>Suche Fotos … {done}</translation>
    </message>
    <message>
        <source>Indexing failed: {error}</source>
        <translation>Einlesen fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Library up to date</source>
        <translation>Bibliothek ist auf dem neuesten Stand</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Beschriften</translation>
    </message>
    <message>
        <source>Every photo in view already has a caption</source>
        <translation>Jedes Foto in der Ansicht hat schon eine Bildunterschrift</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu beschriften</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected</source>
        <translation>
            <numerusform>%Ln ausgewählt</numerusform>
            <numerusform>%Ln ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot show this photo: {error}</source>
        <translation>Dieses Foto lässt sich nicht anzeigen: {error}</translation>
    </message>
    <message numerus="yes">
        <source>A stack of %Ln photos ({which}): Approve, Reject and edits act on all of them.</source>
        <translation>
            <numerusform>Ein Stapel aus %Ln Fotos ({which}): Freigeben, Ablehnen und Änderungen wirken auf alle.</numerusform>
            <numerusform>Ein Stapel aus %Ln Fotos ({which}): Freigeben, Ablehnen und Änderungen wirken auf alle.</numerusform>
        </translation>
    </message>
    <message>
        <source>Caption copied</source>
        <translation>Bildunterschrift kopiert</translation>
    </message>
    <message>
        <source>{action}: {error}</source>
        <translation>{action}: {error}</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message numerus="yes">
        <source>Rejected %Ln caption(s)</source>
        <translation>
            <numerusform>%Ln Bildunterschrift abgelehnt</numerusform>
            <numerusform>%Ln Bildunterschriften abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to reject</source>
        <translation>Nichts abzulehnen</translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation>Änderung speichern</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Schreiben</translation>
    </message>
    <message>
        <source>Writing approved captions into the files…</source>
        <translation>Freigegebene Bildunterschriften werden in die Dateien geschrieben …</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
</context>
<context>
    <name>NamesHighlighter</name>
    <message>
        <source>Not in this photo&apos;s context, file or vocabulary: check this name</source>
        <translation>Weder im Kontext, in der Datei noch im Vokabular dieses Fotos: Prüfen Sie diesen Namen</translation>
    </message>
</context>
<context>
    <name>PhotoDelegate</name>
    <message>
        <source>Review</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>In file</source>
        <translation>In Datei</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>Unlesbar</translation>
    </message>
    <message>
        <source>Captioning…</source>
        <translation>Beschriftung …</translation>
    </message>
    <message>
        <source>Uncaptioned</source>
        <translation>Unbeschriftet</translation>
    </message>
    <message>
        <source>≈ by meaning</source>
        <translation>≈ nach Bedeutung</translation>
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
        <translation>Fotos</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
</context>
<context>
    <name>Plain</name>
    <message>
        <source>the file has unusual metadata that exiftool will not change</source>
        <translation>die Datei hat ungewöhnliche Metadaten, die exiftool nicht ändert</translation>
    </message>
</context>
<context>
    <name>QueueStatus</name>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Paused %v / %m</source>
        <translation>Angehalten %v / %m</translation>
    </message>
    <message>
        <source>Captioning {name}</source>
        <translation>Beschrifte {name}</translation>
    </message>
    <message>
        <source>Getting the next photo ready…</source>
        <translation>Das nächste Foto wird vorbereitet …</translation>
    </message>
    <message>
        <source>{speed} tokens/s</source>
        <translation>{speed} Token/s</translation>
    </message>
    <message>
        <source>{hours}h {minutes}m</source>
        <translation>{hours} Std. {minutes} Min.</translation>
    </message>
    <message>
        <source>{minutes}m {seconds}s</source>
        <translation>{minutes} Min. {seconds} s</translation>
    </message>
    <message>
        <source>{seconds}s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>noch etwa {time}</translation>
    </message>
</context>
<context>
    <name>RawAppQuestion</name>
    <message>
        <source>Which app do you use with RAW files?</source>
        <translation>Mit welcher App bearbeiten Sie RAW-Dateien?</translation>
    </message>
    <message>
        <source>Another app, or none</source>
        <translation>Eine andere App oder keine</translation>
    </message>
    <message>
        <source>{app} — sidecar {name}</source>
        <translation>{app} – Begleitdatei {name}</translation>
    </message>
    <message>
        <source>RAW captions go into a sidecar file named for that app (an existing sidecar is always followed).</source>
        <translation>Bildunterschriften von RAW-Fotos kommen in eine XMP-Begleitdatei, die so heißt, wie diese App es erwartet (eine vorhandene Begleitdatei hat immer Vorrang).</translation>
    </message>
</context>
<context>
    <name>RegenerateDialog</name>
    <message>
        <source>Caption again</source>
        <translation>Neu beschriften</translation>
    </message>
    <message>
        <source>(the default model)</source>
        <translation>(das Standardmodell)</translation>
    </message>
    <message>
        <source>The new caption replaces the one shown, as a draft for you to review. The current one stays in the history (and in the file until you write again).</source>
        <translation>Die neue Bildunterschrift ersetzt die angezeigte als Entwurf, den Sie prüfen. Die jetzige bleibt im Verlauf (und in der Datei, bis Sie erneut schreiben).</translation>
    </message>
    <message>
        <source>Style:</source>
        <translation>Stil:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
</context>
<context>
    <name>ReviewOps</name>
    <message>
        <source>that version is no longer in the history</source>
        <translation>diese Fassung ist nicht mehr im Verlauf</translation>
    </message>
    <message>
        <source>wrote it into a sidecar file (.xmp) beside the photo</source>
        <translation>in eine XMP-Begleitdatei (.xmp) neben dem Foto geschrieben</translation>
    </message>
    <message numerus="yes">
        <source>wrote %Ln into sidecar files (.xmp)</source>
        <translation>
            <numerusform>%Ln in eine XMP-Begleitdatei (.xmp) geschrieben</numerusform>
            <numerusform>%Ln in XMP-Begleitdateien (.xmp) geschrieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>wrote {written} (%Ln into sidecar .xmp files)</source>
        <translation>
            <numerusform>{written} geschrieben (%Ln davon in eine XMP-Begleitdatei)</numerusform>
            <numerusform>{written} geschrieben (%Ln davon in XMP-Begleitdateien)</numerusform>
        </translation>
    </message>
    <message>
        <source>wrote it into its file</source>
        <translation>in seine Datei geschrieben</translation>
    </message>
    <message numerus="yes">
        <source>wrote %Ln into their files</source>
        <translation>
            <numerusform>%Ln in seine Datei geschrieben</numerusform>
            <numerusform>%Ln in ihre Dateien geschrieben</numerusform>
        </translation>
    </message>
    <message>
        <source>Not approved yet: the draft names people or places nothing known about the photo holds</source>
        <translation>Noch nicht freigegeben: Der Entwurf nennt Personen oder Orte, die nichts über das Foto Bekannte stützt</translation>
    </message>
    <message numerus="yes">
        <source>Approved %Ln photo(s)</source>
        <translation>
            <numerusform>%Ln Foto freigegeben</numerusform>
            <numerusform>%Ln Fotos freigegeben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{approved}; skipped %Ln flagged draft(s) (approve them one by one)</source>
        <translation>
            <numerusform>{approved}; %Ln Entwurf mit Hinweis übersprungen (einzeln freigeben)</numerusform>
            <numerusform>{approved}; %Ln Entwürfe mit Hinweis übersprungen (einzeln freigeben)</numerusform>
        </translation>
    </message>
    <message>
        <source>{approved} and {written}</source>
        <translation>{approved} und {written}</translation>
    </message>
    <message numerus="yes">
        <source>{approved}; writing failed for %Ln (see the log)</source>
        <translation>
            <numerusform>{approved}; Schreiben bei %Ln fehlgeschlagen (siehe Protokoll)</numerusform>
            <numerusform>{approved}; Schreiben bei %Ln fehlgeschlagen (siehe Protokoll)</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to write: no approved captions here</source>
        <translation>Nichts zu schreiben: Hier gibt es keine freigegebenen Bildunterschriften</translation>
    </message>
    <message>
        <source>Nothing to write: no approved captions</source>
        <translation>Nichts zu schreiben: keine freigegebenen Bildunterschriften</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %Ln photo(s)</source>
        <translation>
            <numerusform>%Ln Foto geschrieben</numerusform>
            <numerusform>%Ln Fotos geschrieben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}, %Ln failed (see the log)</source>
        <translation>
            <numerusform>{wrote}, %Ln fehlgeschlagen (siehe Protokoll)</numerusform>
            <numerusform>{wrote}, %Ln fehlgeschlagen (siehe Protokoll)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}; %Ln with old text left in the file (see the log)</source>
        <translation>
            <numerusform>{wrote}; bei %Ln steht noch alter Text in der Datei (siehe Protokoll)</numerusform>
            <numerusform>{wrote}; bei %Ln steht noch alter Text in der Datei (siehe Protokoll)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}; %Ln changed in another app: Review → Resolve conflict…</source>
        <translation>
            <numerusform>{wrote}; %Ln in einer anderen App geändert: Prüfen → Konflikt lösen …</numerusform>
            <numerusform>{wrote}; %Ln in einer anderen App geändert: Prüfen → Konflikt lösen …</numerusform>
        </translation>
    </message>
    <message>
        <source>Kept your caption, but writing failed: {error}</source>
        <translation>Ihre Bildunterschrift behalten, aber das Schreiben ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Took the other app&apos;s text, but writing failed: {error}</source>
        <translation>Den Text der anderen App übernommen, aber das Schreiben ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Kept your caption and wrote it into the file</source>
        <translation>Ihre Bildunterschrift behalten und in die Datei geschrieben</translation>
    </message>
    <message>
        <source>Took the other app&apos;s text and wrote it into the file</source>
        <translation>Den Text der anderen App übernommen und in die Datei geschrieben</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Nichts rückgängig zu machen</translation>
    </message>
    <message>
        <source>Undid the last write: {name} has its previous metadata again</source>
        <translation>Letztes Schreiben rückgängig gemacht: {name} hat wieder seine vorherigen Metadaten</translation>
    </message>
</context>
<context>
    <name>SecondLanguageBox</name>
    <message>
        <source>Caption in the second language</source>
        <translation>Bildunterschrift in der zweiten Sprache</translation>
    </message>
    <message>
        <source>Alt text in the second language</source>
        <translation>Alternativtext in der zweiten Sprache</translation>
    </message>
    <message>
        <source>Second language ({code}):</source>
        <translation>Zweite Sprache ({code}):</translation>
    </message>
    <message>
        <source>Alt text in {code}</source>
        <translation>Alternativtext auf {code}</translation>
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
        <translation>Serien: aufgenommen innerhalb von</translation>
    </message>
    <message>
        <source>Photos from one camera taken this close together, and looking alike, form a group</source>
        <translation>Fotos einer Kamera, die so kurz nacheinander aufgenommen wurden und sich ähneln, bilden eine Gruppe</translation>
    </message>
    <message>
        <source> bits of 64</source>
        <translation> Bit von 64</translation>
    </message>
    <message>
        <source>Bursts: how alike</source>
        <translation>Serien: wie ähnlich</translation>
    </message>
    <message>
        <source>How far the thumbnails&apos; perceptual hashes may differ (lower: stricter)</source>
        <translation>Wie weit die Wahrnehmungs-Hashes der Vorschaubilder voneinander abweichen dürfen (kleiner: strenger)</translation>
    </message>
    <message>
        <source>Caption every frame of a burst on its own (slower; off: once per group)</source>
        <translation>Jedes Serienbild einzeln beschriften (langsamer; sonst einmal pro Gruppe)</translation>
    </message>
    <message>
        <source>Bursts: look alike within</source>
        <translation>Serien: ähnlich innerhalb von</translation>
    </message>
    <message>
        <source>Into the photo file where safe, else a sidecar</source>
        <translation>In die Fotodatei, wo es sicher ist, sonst in eine Begleitdatei</translation>
    </message>
    <message>
        <source>Into the file and a sidecar .xmp</source>
        <translation>In die Datei und eine XMP-Begleitdatei</translation>
    </message>
    <message>
        <source>Only a sidecar .xmp (never touch the photo file)</source>
        <translation>Nur in eine XMP-Begleitdatei (die Fotodatei bleibt unberührt)</translation>
    </message>
    <message>
        <source>photo.jpg.xmp (darktable, digiKam)</source>
        <translation>foto.jpg.xmp (darktable, digiKam)</translation>
    </message>
    <message>
        <source>photo.xmp (Lightroom)</source>
        <translation>foto.xmp (Lightroom)</translation>
    </message>
    <message>
        <source>Albumwise settings</source>
        <translation>Albumwise-Einstellungen</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Style &amp;&amp; prompt</source>
        <translation>Stil &amp;&amp; Prompt</translation>
    </message>
    <message>
        <source>Writing</source>
        <translation>Schreiben</translation>
    </message>
    <message>
        <source>Search &amp;&amp; storage</source>
        <translation>Suche &amp;&amp; Speicher</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>OpenAI-compatible</source>
        <translation>OpenAI-kompatibel</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Auswahl entfernen</translation>
    </message>
    <message>
        <source>Test selected</source>
        <translation>Auswahl testen</translation>
    </message>
    <message>
        <source>Add every computer that runs Ollama (or an OpenAI-compatible server); photos are spread over all of them.</source>
        <translation>Tragen Sie jeden Computer ein, auf dem Ollama (oder ein OpenAI-kompatibler Server) läuft; die Fotos werden auf alle verteilt.</translation>
    </message>
    <message>
        <source>Host test result</source>
        <translation>Ergebnis des Servertests</translation>
    </message>
    <message>
        <source>{url}  (Ollama, from OLLAMA_HOST)</source>
        <translation>{url}  (Ollama, aus OLLAMA_HOST)</translation>
    </message>
    <message>
        <source>{url}  (Ollama, default address)</source>
        <translation>{url}  (Ollama, Standardadresse)</translation>
    </message>
    <message>
        <source>Used because no host is listed in the settings. Add a host to use another computer.</source>
        <translation>Wird verwendet, weil in den Einstellungen kein Server eingetragen ist. Tragen Sie einen Server ein, um einen anderen Computer zu nutzen.</translation>
    </message>
    <message>
        <source>Not a valid address: {error}</source>
        <translation>Keine gültige Adresse: {error}</translation>
    </message>
    <message>
        <source>Testing {url}…</source>
        <translation>Teste {url} …</translation>
    </message>
    <message>
        <source>How to fix: {fix}</source>
        <translation>So beheben Sie es: {fix}</translation>
    </message>
    <message>
        <source>Vision model</source>
        <translation>Vision-Modell</translation>
    </message>
    <message>
        <source>(automatic: best installed vision model)</source>
        <translation>(automatisch: bestes installiertes Vision-Modell)</translation>
    </message>
    <message>
        <source>List vision models</source>
        <translation>Vision-Modelle auflisten</translation>
    </message>
    <message>
        <source>Pull</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Only models that can look at pictures are listed.</source>
        <translation>Es werden nur Modelle aufgeführt, die Bilder ansehen können.</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Download a model:</source>
        <translation>Modell herunterladen:</translation>
    </message>
    <message>
        <source>Could not pull {model}: {error}</source>
        <translation>{model} ließ sich nicht laden: {error}</translation>
    </message>
    <message>
        <source>{model} is installed.</source>
        <translation>{model} ist installiert.</translation>
    </message>
    <message>
        <source>Also suggest keywords</source>
        <translation>Auch Stichwörter vorschlagen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Second language</source>
        <translation>Zweite Sprache</translation>
    </message>
    <message>
        <source>Also write each caption, alt text and keywords in this language (a second request); both are reviewed and written into the photo</source>
        <translation>Jede Bildunterschrift, jeden Alternativtext und die Stichwörter auch in dieser Sprache schreiben (eine zweite Anfrage); beide werden geprüft und ins Foto geschrieben</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>Prompt-Vorlage</translation>
    </message>
    <message>
        <source>Reset to the built-in template</source>
        <translation>Auf die eingebaute Vorlage zurücksetzen</translation>
    </message>
    <message>
        <source>Template problems</source>
        <translation>Probleme der Vorlage</translation>
    </message>
    <message>
        <source>Prompt preview</source>
        <translation>Vorschau des Prompts</translation>
    </message>
    <message>
        <source>Caption style:</source>
        <translation>Stil der Bildunterschrift:</translation>
    </message>
    <message>
        <source>Language of captions:</source>
        <translation>Sprache der Bildunterschriften:</translation>
    </message>
    <message>
        <source>Second language:</source>
        <translation>Zweite Sprache:</translation>
    </message>
    <message>
        <source>Prompt template ({context}, {language}, {filename}, {folder}, {date} … are filled in):</source>
        <translation>Prompt-Vorlage ({context}, {language}, {filename}, {folder}, {date} … werden ausgefüllt):</translation>
    </message>
    <message>
        <source>Preview for the selected photo ({name}):</source>
        <translation>Vorschau für das ausgewählte Foto ({name}):</translation>
    </message>
    <message>
        <source>Not a placeholder: {names}. It would reach the model as written. Known placeholders: {known}.</source>
        <translation>Kein Platzhalter: {names}. Das würde so beim Modell ankommen. Bekannte Platzhalter: {known}.</translation>
    </message>
    <message>
        <source>(this template cannot be filled in: {error})</source>
        <translation>(diese Vorlage lässt sich nicht ausfüllen: {error})</translation>
    </message>
    <message>
        <source>Keep the files&apos; modification dates</source>
        <translation>Änderungsdatum der Dateien beibehalten</translation>
    </message>
    <message>
        <source>Off (default): a written photo gets a new modification time, so Immich, darktable, Lightroom and backup tools notice the change. On: the time stays, and those may miss it.</source>
        <translation>Aus (Standard): Ein beschriebenes Foto erhält ein neues Änderungsdatum, damit Immich, darktable, Lightroom und Sicherungsprogramme die Änderung bemerken. Ein: Das Datum bleibt, und diese übersehen sie möglicherweise.</translation>
    </message>
    <message>
        <source>Write into the file as soon as I approve a caption</source>
        <translation>In die Datei schreiben, sobald ich eine Bildunterschrift freigebe</translation>
    </message>
    <message>
        <source>Record which model wrote the caption and who approved it (XMP)</source>
        <translation>Festhalten, welches Modell schrieb und wer freigab (XMP)</translation>
    </message>
    <message>
        <source>Where captions go:</source>
        <translation>Ziel der Bildunterschriften:</translation>
    </message>
    <message>
        <source>Sidecar names:</source>
        <translation>Namen der Begleitdateien:</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>Embedding-Modell</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen …</translation>
    </message>
    <message>
        <source>Embedding model (search by meaning):</source>
        <translation>Embedding-Modell (Bedeutungssuche):</translation>
    </message>
    <message>
        <source>Thumbnail cache:</source>
        <translation>Vorschaubild-Cache:</translation>
    </message>
    <message>
        <source>Thumbnail cache folder</source>
        <translation>Ordner für den Vorschaubild-Cache</translation>
    </message>
    <message>
        <source>keep them</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>keep them, flagged</source>
        <translation>behalten, mit Hinweis</translation>
    </message>
    <message>
        <source>leave them out</source>
        <translation>weglassen</translation>
    </message>
    <message>
        <source>Also write resolved place names into empty location fields (MWG)</source>
        <translation>Ermittelte Ortsnamen auch in leere Ortsfelder schreiben (MWG)</translation>
    </message>
    <message>
        <source>Keywords outside a folder&apos;s vocabulary:</source>
        <translation>Stichwörter außerhalb des Ordnervokabulars:</translation>
    </message>
</context>
<context>
    <name>SidebarModel</name>
    <message>
        <source>Places</source>
        <translation>Orte</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>All photos</source>
        <translation>Alle Fotos</translation>
    </message>
    <message>
        <source>Uncaptioned</source>
        <translation>Unbeschriftet</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>Zu prüfen</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>In file</source>
        <translation>In Datei</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Mit Hinweis</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplikate</translation>
    </message>
    <message>
        <source>Changed elsewhere</source>
        <translation>Anderswo geändert</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Ordner</translation>
    </message>
</context>
<context>
    <name>StatusModel</name>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message numerus="yes">
        <source>{name} and %Ln other(s)</source>
        <translation>
            <numerusform>{name} und %Ln weiteres</numerusform>
            <numerusform>{name} und %Ln weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Captioning paused: Resume (Ctrl+Shift+P) to continue</source>
        <translation>Beschriftung angehalten: Zum Weitermachen fortsetzen (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>Captioning paused: {reason}. It resumes by itself when the server answers.</source>
        <translation>Beschriftung angehalten: {reason}. Sie geht von selbst weiter, sobald der Server antwortet.</translation>
    </message>
    <message>
        <source>Captioning paused: {reason}. Resume (Ctrl+Shift+P) once it is fixed.</source>
        <translation>Beschriftung angehalten: {reason}. Setzen Sie sie fort (Strg+Umschalt+P), sobald das behoben ist.</translation>
    </message>
    <message>
        <source>Captioning resumed</source>
        <translation>Beschriftung fortgesetzt</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln queued photo(s) ({summary})</source>
        <translation>
            <numerusform>%Ln eingereihtes Foto verworfen ({summary})</numerusform>
            <numerusform>%Ln eingereihte Fotos verworfen ({summary})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln queued photo(s)</source>
        <translation>
            <numerusform>%Ln eingereihtes Foto verworfen</numerusform>
            <numerusform>%Ln eingereihte Fotos verworfen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{captioned}, %Ln failed (see the log)</source>
        <translation>
            <numerusform>{captioned}, %Ln fehlgeschlagen (siehe Protokoll)</numerusform>
            <numerusform>{captioned}, %Ln fehlgeschlagen (siehe Protokoll)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln captioned</source>
        <translation>
            <numerusform>%Ln beschriftet</numerusform>
            <numerusform>%Ln beschriftet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StyleNames</name>
    <message>
        <source>caption</source>
        <translation>kurz</translation>
    </message>
    <message>
        <source>detailed</source>
        <translation>ausführlich</translation>
    </message>
    <message>
        <source>alt text</source>
        <translation>Alternativtext</translation>
    </message>
    <message>
        <source>keywords</source>
        <translation>nur Stichwörter</translation>
    </message>
</context>
<context>
    <name>WindowLanguage</name>
    <message>
        <source>Language of the window</source>
        <translation>Sprache des Fensters</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>System ({language})</translation>
    </message>
    <message>
        <source>The window changes its language the next time Albumwise starts. Captions are written in the language chosen under Style &amp; prompt; “Same as the window” follows this one.</source>
        <translation>Das Fenster wechselt die Sprache beim nächsten Start von Albumwise. Bildunterschriften werden in der Sprache geschrieben, die unter „Stil &amp; Prompt“ gewählt ist; „Wie das Fenster“ folgt dieser hier.</translation>
    </message>
    <message>
        <source>Language of the window:</source>
        <translation>Sprache des Fensters:</translation>
    </message>
    <message>
        <source>{variable} is set for this start ({value}): it wins over this setting.</source>
        <translation>{variable} ist für diesen Start gesetzt ({value}) und hat Vorrang vor dieser Einstellung.</translation>
    </message>
</context>
</TS>
