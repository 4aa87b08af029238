<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/window_actions.py" line="55"/>
        <source>&amp;Add photo folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="57"/>
        <source>Add a folder of photos to the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="60"/>
        <source>&amp;Rescan folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="61"/>
        <source>Look for new, changed and removed photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="64"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="65"/>
        <source>Hosts, model, style, writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="67"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="69"/>
        <source>&amp;Caption selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="70"/>
        <source>Caption the selected photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="73"/>
        <source>Caption all &amp;uncaptioned in view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="75"/>
        <source>Caption every photo in view that has no caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="78"/>
        <source>Re&amp;generate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="79"/>
        <source>Caption again, optionally with another style or model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="82"/>
        <source>&amp;Pause queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="83"/>
        <source>Pause captioning (the photo being captioned goes back to the queue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="86"/>
        <source>&amp;Resume queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="87"/>
        <source>Continue captioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="90"/>
        <source>Ca&amp;ncel queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="91"/>
        <source>Stop and forget the queued photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="94"/>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="95"/>
        <source>Approve the selected captions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="98"/>
        <source>Approve and &amp;next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="99"/>
        <source>Approve and move to the next photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="102"/>
        <source>Re&amp;ject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="103"/>
        <source>Reject the caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="106"/>
        <source>&amp;Edit caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="107"/>
        <source>Edit the caption text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="110"/>
        <source>&amp;Save edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="111"/>
        <source>Keep your edited caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="114"/>
        <source>&amp;Write approved to files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="115"/>
        <source>Write approved captions into the photos&apos; metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="118"/>
        <source>&amp;Undo last write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="119"/>
        <source>Put the file&apos;s previous metadata back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="122"/>
        <source>Resolve &amp;conflict…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="123"/>
        <source>Another app changed this caption after we wrote it: keep yours or take theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="126"/>
        <source>&amp;Copy caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="127"/>
        <source>Copy the caption to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="130"/>
        <source>Open containing &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="131"/>
        <source>Show the photo in your file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="134"/>
        <source>&amp;View full size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="135"/>
        <source>Full-size viewer (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="138"/>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="139"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="144"/>
        <source>&amp;Sidebar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="145"/>
        <source>Show or hide the folders and lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="150"/>
        <source>&amp;Log panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="154"/>
        <source>As&amp;k about this photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="155"/>
        <source>Ask the model questions about the selected photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="158"/>
        <source>Co&amp;mpare models or styles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="159"/>
        <source>Try two models or styles on a few photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="161"/>
        <source>Go to &amp;photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="163"/>
        <source>Go to &amp;folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="166"/>
        <source>Go to &amp;caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="170"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="173"/>
        <source>&amp;Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="176"/>
        <source>&amp;Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/group_ops.py" line="71"/>
        <source>&amp;Stack bursts and duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/group_ops.py" line="75"/>
        <source>E&amp;xpand or collapse group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/group_ops.py" line="77"/>
        <source>Split from &amp;group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/group_ops.py" line="78"/>
        <source>&amp;Merge into one group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/group_ops.py" line="79"/>
        <source>Use as the group&apos;s &amp;best frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/group_ops.py" line="101"/>
        <location filename="../../app/ui/window_actions.py" line="179"/>
        <source>&amp;Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/group_ops.py" line="100"/>
        <location filename="../../app/ui/window_actions.py" line="182"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/window_actions.py" line="189"/>
        <source>Find:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/grounding_ops.py" line="26"/>
        <source>Folder &amp;context…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/grounding_ops.py" line="28"/>
        <source>Event, place, people, notes and keywords for the selected folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/grounding_ops.py" line="44"/>
        <source>Context…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
