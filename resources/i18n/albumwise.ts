<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" sourcelanguage="en">
<context>
    <name>CaptionBridge</name>
    <message>
        <source>reachable (version {version})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Queued %Ln photo(s); captioning is paused — resume to continue</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queued %Ln photo(s) for captioning</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{host} answers again — captioning resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{photos} photos captioned by %Ln generation(s) (bursts and duplicates are captioned once)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{tokens} · {speed} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>captioning failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <source>Select a photo, then ask about it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask about this photo… (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking about &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;You:&lt;/b&gt; {question}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Model:&lt;/b&gt; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not ask the model: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckRow</name>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: {result}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to fix: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>Install it with:  sudo apt install libimage-exiftool-perl   (Fedora: sudo dnf install perl-Image-ExifTool)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install it with:  brew install exiftool   (or the package from exiftool.org)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download the Windows executable from https://exiftool.org and put exiftool.exe on your PATH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{detail}: approved captions can be written into your photos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{detail}. You can still caption, review and search, but Albumwise cannot write captions into your photo files until exiftool is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exiftool not found on PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exiftool {version} at {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exiftool {version} at {path} is too old (12.15 or newer is needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama is not reachable at {url}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install Ollama from https://ollama.com/download and start it (open the app, or run:  ollama serve). If it runs on another computer, add that address under Settings → Hosts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama answers at {url} but listing its models failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the Ollama log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{server} is running at {url}, but no vision model is installed (a model that can look at pictures).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install one with:  ollama pull qwen2.5vl:7b   (smaller: ollama pull moondream; or use Settings → Model → Pull).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{server} is running, but the chosen model “{model}” is not installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick one of: {models} — or run:  ollama pull {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{server} is running at {url} with %Ln vision model(s): {models}.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare models or styles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {side}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style {side}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use {side} as my default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{side}&lt;/b&gt; model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>style:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Trying two models or styles on the first {shown} of the %Ln selected photos. Pick them and press Run both.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying two models or styles on the %Ln selected photo(s). Pick them and press Run both.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Run both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list models: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo {number} of {count}: {name} …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tokens} tokens, {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done. Keep the one you like as your default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: new captions will use {model} with the “{style}” style.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the default model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Caption changed in another app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another app changed this photo&apos;s caption after Albumwise wrote it. Nothing is written until you choose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other app&apos;s text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Yours&lt;/b&gt; (Albumwise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Theirs&lt;/b&gt; ({source})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed: {fields}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write your caption over the other app&apos;s text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make their text the caption and write it into every field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContextDialog</name>
    <message>
        <source>Folder context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Anna &amp; Ben&apos;s wedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Florence, Tuscany, Italy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>names, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inherited: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln keyword(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Import keyword list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applies to {folder} and its sub-folders. Drafts written before a change are marked “old context”; regenerate them when you like.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyword list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyword lists (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not imported: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No caption yet. Press C to caption this photo, or type one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alt text yet: one short sentence for people who cannot see the photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written into the photo as its accessibility text (at most 250 characters); saved and approved with the caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep your edited caption and keywords (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve this caption (A); Shift+A approves and moves to the next photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve &amp;&amp; next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject this caption (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep your caption or take the other app&apos;s text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Occasion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keywords:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{width} × {height} px, {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>video, {length}, {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>a camera</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flags: {flags}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is writing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the first words…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailText</name>
    <message>
        <source>No caption yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft — waiting for your review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved — not yet written to the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written into the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed in another app after it was written: choose Resolve to keep yours or take theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loop cut (the model repeated itself; the repeat was removed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>truncated (the model hit its length limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model refused to describe the photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same caption as another photo in this batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model returned nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a name nothing known about this photo holds (highlighted): check it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>written before the folder&apos;s context changed: Regenerate to use it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keywords outside the folder&apos;s vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in the language asked for (kept out of approving all drafts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model wrote no alt text: type one if the photo is published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all without a caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all approved, not yet written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all changed in another app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all being captioned</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln without a caption</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln to review</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln approved, not yet written</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln in the file</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rejected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed in another app</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln being captioned</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{size} KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date}, {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source} ({model})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning failed: {reason}. Press C to try again, G to try another model, or type a caption yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning failed (the log says why). Press C to try again, G to try another model, or type a caption yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo cannot be read, so the model cannot caption it. You can still type a caption.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No caption: captioning failed (see above). Press C to try again, or type a caption.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No caption yet. Press C to caption this photo, or type one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in the language asked for: {found}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FactText</name>
    <message>
        <source>set by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from the file and GPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from GPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at sea</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at sea, {km} km off {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>near {place} ({km} km)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>near {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{km} km from {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}; the folder says {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, a value camera clocks reset to; the folder says {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, a value camera clocks reset to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}, which is in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock looks wrong: the camera says {taken}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>a date</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date} (from the folder name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{place}  ({source})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>may appear: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{names}  ({may_appear})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{occasion}  (set by you)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>{model}  (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to Albumwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to Albumwise&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Albumwise writes a caption and keywords for each of your photos with a vision model that runs on your own computer. You review every caption before it is saved into the photo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;1. Choose the folder where your photos are.&lt;/b&gt; Albumwise reads it; it changes a file only when you approve a caption.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;2. What Albumwise found on this computer:&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing into files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vision model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browsing, search and review work without Ollama; captioning needs it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open my photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model to use for captions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your photo folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an existing folder first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HostLights</name>
    <message>
        <source>not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host {host}: {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not answering</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyframeScrub</name>
    <message>
        <source>Video keyframes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading keyframes… ({length})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no keyframe could be decoded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{time} · keyframe {number} of {count}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeywordChips</name>
    <message>
        <source>add keyword…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add keyword</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove keyword “{keyword}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyword {keyword}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageSettings</name>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>German</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>French</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Italian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as the window ({language})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems and notices appear here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>“{name}”</source>
        <comment>a name in quotation marks</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This draft names {names}, which nothing known about the photo supports (its place, the people named in the file or by you, the folder).

Check the caption: the model may have invented it. Approve it anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve a flagged caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one photo whose caption is in conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo&apos;s caption is not in conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder &amp;context…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event, place, people, notes and keywords for the selected folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a folder in the sidebar first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the keyword list: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln draft(s) written with the old context: select them and choose Regenerate.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>S&amp;tack bursts and duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpand or collapse group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split from &amp;group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Merge into one group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use as the group&apos;s &amp;best frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo is not in a group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split from group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select at least two photos to merge into one group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge into one group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln new</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln moved</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln missing</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable (see the log)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Library updated: {changes}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library and folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search captions, keywords, places… (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo write of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the previous metadata back into {name} (Ctrl+Shift+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo last write…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo has no write to undo; asks before undoing another photo&apos;s (Ctrl+Shift+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo: no caption has been written into a file yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last write, of {name}? Its previous metadata goes back into the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{selected} has no write to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected photo has no write to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo a write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undid the write of {name}: its previous metadata is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add photo folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder of photos to the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rescan folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look for new, changed and removed photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts, model, style, writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Caption selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption the selected photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption all &amp;uncaptioned in view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption every photo in view that has no caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;generate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption again, optionally with another style or model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause captioning (the photo being captioned goes back to the queue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue captioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ca&amp;ncel queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop and forget the queued photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve the selected captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve and &amp;next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve and move to the next photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject the caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the caption text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep your edited caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Write approved to files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write approved captions into the photos&apos; metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo last write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the file&apos;s previous metadata back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve &amp;conflict…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another app changed this caption after we wrote it: keep yours or take theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the caption to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open containing &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the photo in your file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View full size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full-size viewer (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sidebar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the folders and lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As&amp;k about this photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the model questions about the selected photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;mpare models or styles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try two models or styles on a few photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to f&amp;olders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to &amp;caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write approved to files</source>
        <comment>toolbar button: keep it short</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln found for “{text}”</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found for “{text}”. Press Enter to search by meaning too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing found for “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photos here ({folder}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photos in {place}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photos of {person}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photos in “{list}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photos yet.
Add a folder of photos: File → Add photo folder… (Ctrl+O).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln found</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{photos} found in %Ln tile(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{photos} photos in %Ln tile(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a photo folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for photos… {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for photos… {done}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every photo in view already has a caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot show this photo: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>A stack of %Ln photos ({which}): Approve, Reject and edits act on all of them.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Caption copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{action}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Rejected %Ln caption(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing approved captions into the files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NamesHighlighter</name>
    <message>
        <source>Not in this photo&apos;s context, file or vocabulary: check this name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoDelegate</name>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uncaptioned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ by meaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LIVE</source>
        <comment>a Live Photo&apos;s badge</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoGrid</name>
    <message>
        <source>Photos</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Plain</name>
    <message>
        <source>the file has unusual metadata that exiftool will not change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueStatus</name>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused %v / %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting the next photo ready…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{speed} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{hours}h {minutes}m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{minutes}m {seconds}s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{seconds}s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RawAppQuestion</name>
    <message>
        <source>Which app do you use with RAW files?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another app, or none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{app} — sidecar {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RAW captions go into a sidecar file named for that app (an existing sidecar is always followed).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegenerateDialog</name>
    <message>
        <source>Caption again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the default model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new caption replaces the one shown, as a draft for you to review. The current one stays in the history (and in the file until you write again).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewOps</name>
    <message>
        <source>that version is no longer in the history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrote it into a sidecar file (.xmp) beside the photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>wrote %Ln into sidecar files (.xmp)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>wrote {written} (%Ln into sidecar .xmp files)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>wrote it into its file</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>wrote %Ln into their files</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Not approved yet: the draft names people or places nothing known about the photo holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Approved %Ln photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{approved}; skipped %Ln flagged draft(s) (approve them one by one)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{approved} and {written}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{approved}; writing failed for %Ln (see the log)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to write: no approved captions here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to write: no approved captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %Ln photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}, %Ln failed (see the log)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}; %Ln with old text left in the file (see the log)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}; %Ln changed in another app: Review → Resolve conflict…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Kept your caption, but writing failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took the other app&apos;s text, but writing failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept your caption and wrote it into the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took the other app&apos;s text and wrote it into the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undid the last write: {name} has its previous metadata again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecondLanguageBox</name>
    <message>
        <source>Caption in the second language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt text in the second language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second language ({code}):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt text in {code}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source> s</source>
        <comment>seconds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bursts: taken within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos from one camera taken this close together, and looking alike, form a group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> bits of 64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bursts: how alike</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far the thumbnails&apos; perceptual hashes may differ (lower: stricter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption every frame of a burst on its own (slower; off: once per group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bursts: look alike within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into the photo file where safe, else a sidecar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into the file and a sidecar .xmp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a sidecar .xmp (never touch the photo file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>photo.jpg.xmp (darktable, digiKam)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>photo.xmp (Lightroom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Albumwise settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style &amp;&amp; prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search &amp;&amp; storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-compatible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add every computer that runs Ollama (or an OpenAI-compatible server); photos are spread over all of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{url}  (Ollama, from OLLAMA_HOST)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{url}  (Ollama, default address)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used because no host is listed in the settings. Add a host to use another computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid address: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing {url}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to fix: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vision model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(automatic: best installed vision model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List vision models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pull</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only models that can look at pictures are listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download a model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not pull {model}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also suggest keywords</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write each caption, alt text and keywords in this language (a second request); both are reviewed and written into the photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset to the built-in template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption style:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of captions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt template ({context}, {language}, {filename}, {folder}, {date} … are filled in):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview for the selected photo ({name}):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a placeholder: {names}. It would reach the model as written. Known placeholders: {known}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(this template cannot be filled in: {error})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the files&apos; modification dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off (default): a written photo gets a new modification time, so Immich, darktable, Lightroom and backup tools notice the change. On: the time stays, and those may miss it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write into the file as soon as I approve a caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record which model wrote the caption and who approved it (XMP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where captions go:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sidecar names:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding model (search by meaning):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbnail cache:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbnail cache folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keep them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keep them, flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave them out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write resolved place names into empty location fields (MWG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keywords outside a folder&apos;s vocabulary:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SidebarModel</name>
    <message>
        <source>Places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uncaptioned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusModel</name>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{name} and %Ln other(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Captioning paused: Resume (Ctrl+Shift+P) to continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning paused: {reason}. It resumes by itself when the server answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning paused: {reason}. Resume (Ctrl+Shift+P) once it is fixed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captioning resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln queued photo(s) ({summary})</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln queued photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{captioned}, %Ln failed (see the log)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln captioned</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StyleNames</name>
    <message>
        <source>caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>detailed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alt text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keywords</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowLanguage</name>
    <message>
        <source>Language of the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window changes its language the next time Albumwise starts. Captions are written in the language chosen under Style &amp; prompt; “Same as the window” follows this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of the window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{variable} is set for this start ({value}): it wins over this setting.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
