<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CaptionBridge</name>
    <message numerus="yes">
        <source>Queued %Ln photo(s); captioning is paused — resume to continue</source>
        <translation>
            <numerusform>Queued %Ln photo; captioning is paused — resume to continue</numerusform>
            <numerusform>Queued %Ln photos; captioning is paused — resume to continue</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queued %Ln photo(s) for captioning</source>
        <translation>
            <numerusform>Queued %Ln photo for captioning</numerusform>
            <numerusform>Queued %Ln photos for captioning</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{photos} photos captioned by %Ln generation(s) (bursts and duplicates are captioned once)</source>
        <translation>
            <numerusform>{photos} photos captioned by %Ln generation (bursts and duplicates are captioned once)</numerusform>
            <numerusform>{photos} photos captioned by %Ln generations (bursts and duplicates are captioned once)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation>
            <numerusform>%Ln token</numerusform>
            <numerusform>%Ln tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message numerus="yes">
        <source>{server} is running at {url} with %Ln vision model(s): {models}.</source>
        <translation>
            <numerusform>{server} is running at {url} with %Ln vision model: {models}.</numerusform>
            <numerusform>{server} is running at {url} with %Ln vision models: {models}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message numerus="yes">
        <source>Trying two models or styles on the first {shown} of the %Ln selected photos. Pick them and press Run both.</source>
        <translation>
            <numerusform>Trying two models or styles on the first {shown} of the %Ln selected photos. Pick them and press Run both.</numerusform>
            <numerusform>Trying two models or styles on the first {shown} of the %Ln selected photos. Pick them and press Run both.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trying two models or styles on the %Ln selected photo(s). Pick them and press Run both.</source>
        <translation>
            <numerusform>Trying two models or styles on the %Ln selected photo. Pick them and press Run both.</numerusform>
            <numerusform>Trying two models or styles on the %Ln selected photos. Pick them and press Run both.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContextDialog</name>
    <message numerus="yes">
        <source>%Ln keyword(s)</source>
        <translation>
            <numerusform>%Ln keyword</numerusform>
            <numerusform>%Ln keywords</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DetailText</name>
    <message numerus="yes">
        <source>%Ln without a caption</source>
        <translation>
            <numerusform>%Ln without a caption</numerusform>
            <numerusform>%Ln without a caption</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln to review</source>
        <translation>
            <numerusform>%Ln to review</numerusform>
            <numerusform>%Ln to review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln approved, not yet written</source>
        <translation>
            <numerusform>%Ln approved, not yet written</numerusform>
            <numerusform>%Ln approved, not yet written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln in the file</source>
        <translation>
            <numerusform>%Ln in the file</numerusform>
            <numerusform>%Ln in the file</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rejected</source>
        <translation>
            <numerusform>%Ln rejected</numerusform>
            <numerusform>%Ln rejected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed in another app</source>
        <translation>
            <numerusform>%Ln changed in another app</numerusform>
            <numerusform>%Ln changed in another app</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable</source>
        <translation>
            <numerusform>%Ln unreadable</numerusform>
            <numerusform>%Ln unreadable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln being captioned</source>
        <translation>
            <numerusform>%Ln being captioned</numerusform>
            <numerusform>%Ln being captioned</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%Ln draft(s) written with the old context: select them and choose Regenerate.</source>
        <translation>
            <numerusform>%Ln draft written with the old context: select them and choose Regenerate.</numerusform>
            <numerusform>%Ln drafts written with the old context: select them and choose Regenerate.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new</source>
        <translation>
            <numerusform>%Ln new</numerusform>
            <numerusform>%Ln new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed</source>
        <translation>
            <numerusform>%Ln changed</numerusform>
            <numerusform>%Ln changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln moved</source>
        <translation>
            <numerusform>%Ln moved</numerusform>
            <numerusform>%Ln moved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln missing</source>
        <translation>
            <numerusform>%Ln missing</numerusform>
            <numerusform>%Ln missing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable (see the log)</source>
        <translation>
            <numerusform>%Ln unreadable (see the log)</numerusform>
            <numerusform>%Ln unreadable (see the log)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln found for “{text}”</source>
        <translation>
            <numerusform>%Ln found for “{text}”</numerusform>
            <numerusform>%Ln found for “{text}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln found</source>
        <translation>
            <numerusform>%Ln found</numerusform>
            <numerusform>%Ln found</numerusform>
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
            <numerusform>{photos} found in %Ln tile</numerusform>
            <numerusform>{photos} found in %Ln tiles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{photos} photos in %Ln tile(s)</source>
        <translation>
            <numerusform>{photos} photos in %Ln tile</numerusform>
            <numerusform>{photos} photos in %Ln tiles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln selected</source>
        <translation>
            <numerusform>%Ln selected</numerusform>
            <numerusform>%Ln selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A stack of %Ln photos ({which}): Approve, Reject and edits act on all of them.</source>
        <translation>
            <numerusform>A stack of %Ln photos ({which}): Approve, Reject and edits act on all of them.</numerusform>
            <numerusform>A stack of %Ln photos ({which}): Approve, Reject and edits act on all of them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rejected %Ln caption(s)</source>
        <translation>
            <numerusform>Rejected %Ln caption</numerusform>
            <numerusform>Rejected %Ln captions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewOps</name>
    <message numerus="yes">
        <source>wrote %Ln into sidecar files (.xmp)</source>
        <translation>
            <numerusform>wrote %Ln into sidecar files (.xmp)</numerusform>
            <numerusform>wrote %Ln into sidecar files (.xmp)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>wrote {written} (%Ln into sidecar .xmp files)</source>
        <translation>
            <numerusform>wrote {written} (%Ln into sidecar .xmp files)</numerusform>
            <numerusform>wrote {written} (%Ln into sidecar .xmp files)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>wrote %Ln into their files</source>
        <translation>
            <numerusform>wrote %Ln into their files</numerusform>
            <numerusform>wrote %Ln into their files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Approved %Ln photo(s)</source>
        <translation>
            <numerusform>Approved %Ln photo</numerusform>
            <numerusform>Approved %Ln photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{approved}; skipped %Ln flagged draft(s) (approve them one by one)</source>
        <translation>
            <numerusform>{approved}; skipped %Ln flagged draft (approve them one by one)</numerusform>
            <numerusform>{approved}; skipped %Ln flagged drafts (approve them one by one)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{approved}; writing failed for %Ln (see the log)</source>
        <translation>
            <numerusform>{approved}; writing failed for %Ln (see the log)</numerusform>
            <numerusform>{approved}; writing failed for %Ln (see the log)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %Ln photo(s)</source>
        <translation>
            <numerusform>Wrote %Ln photo</numerusform>
            <numerusform>Wrote %Ln photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}, %Ln failed (see the log)</source>
        <translation>
            <numerusform>{wrote}, %Ln failed (see the log)</numerusform>
            <numerusform>{wrote}, %Ln failed (see the log)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}; %Ln with old text left in the file (see the log)</source>
        <translation>
            <numerusform>{wrote}; %Ln with old text left in the file (see the log)</numerusform>
            <numerusform>{wrote}; %Ln with old text left in the file (see the log)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{wrote}; %Ln changed in another app: Review → Resolve conflict…</source>
        <translation>
            <numerusform>{wrote}; %Ln changed in another app: Review → Resolve conflict…</numerusform>
            <numerusform>{wrote}; %Ln changed in another app: Review → Resolve conflict…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusModel</name>
    <message numerus="yes">
        <source>{name} and %Ln other(s)</source>
        <translation>
            <numerusform>{name} and %Ln other</numerusform>
            <numerusform>{name} and %Ln others</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln queued photo(s) ({summary})</source>
        <translation>
            <numerusform>Cancelled %Ln queued photo ({summary})</numerusform>
            <numerusform>Cancelled %Ln queued photos ({summary})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln queued photo(s)</source>
        <translation>
            <numerusform>Cancelled %Ln queued photo</numerusform>
            <numerusform>Cancelled %Ln queued photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{captioned}, %Ln failed (see the log)</source>
        <translation>
            <numerusform>{captioned}, %Ln failed (see the log)</numerusform>
            <numerusform>{captioned}, %Ln failed (see the log)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln captioned</source>
        <translation>
            <numerusform>%Ln captioned</numerusform>
            <numerusform>%Ln captioned</numerusform>
        </translation>
    </message>
</context>
</TS>
