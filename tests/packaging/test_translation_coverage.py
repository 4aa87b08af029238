"""Every text the window shows goes through Qt's translation: an AST scan of app/ui finds string
literals handed to the calls that put text on screen (setText, setToolTip, QAction, QMessageBox,
addMenu, addRow, the status bar's ``say``…) without ``tr()`` / ``translate()`` around them.

It stays quiet about what is not prose: object names, style sheets, settings keys and file paths
are not passed to those calls; URLs, model names ("qwen2.5vl:7b") and product names are allowed;
markup and placeholders ("<b>{name}</b>", "%v / %m") hold no words. A second scan checks that
``self.tr`` is only used in classes Qt knows (a mixin's ``self.tr`` would look its texts up under
the window's class name, and never find them)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UI = REPO / "app" / "ui"

# Calls whose string arguments are shown to the person (methods and constructors).
SINK_METHODS = {
    "setText", "setToolTip", "setStatusTip", "setWhatsThis", "setPlaceholderText", "setWindowTitle", "setTitle",
    "setAccessibleName", "setAccessibleDescription", "setFormat", "setSuffix", "setPrefix", "setSpecialValueText",
    "addTab", "insertTab", "setTabText", "setTabToolTip", "addItem", "addItems", "insertItem", "setItemText",
    "addMenu", "addRow", "addButton", "showMessage", "setHorizontalHeaderLabels", "setHeaderLabels",
    "setLabelText", "setInformativeText", "setDetailedText", "drawText", "setPlainText", "setHtml",
    "insertPlainText", "getExistingDirectory", "getOpenFileName", "getSaveFileName", "getText", "getItem",
    # the window's own text sinks
    "say", "show_error", "set_empty_text", "set_stack_note", "stream_stats", "run_op", "resumed",
}
MESSAGE_BOX_STATICS = {"information", "warning", "question", "critical", "about"}
SINK_CLASSES = {
    "QAction", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QToolButton", "QMenu",
    "QDockWidget", "QToolBar", "QStandardItem", "QListWidgetItem", "QTreeWidgetItem", "QMessageBox",
    "QCommandLinkButton",
}
MARKERS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP", "QT_TRANSLATE_NOOP3"}
ALLOWED = {"Albumwise", "Ollama"}  # names, the same in every language
WORD = re.compile(r"[^\W\d_]{2,}")
NOT_PROSE = re.compile(r"<[^>]*>|%L?\d+|%L?n|%[vmp]|\{[^{}]*\}|&\w+;")  # markup, placeholders, entities
TECHNICAL = re.compile(r"^\S*[.:/@]\w\S*$")  # one "word" with a dot, colon, slash or @ inside: a URL, a model tag, a file


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _prose(text: str) -> bool:
    text = text.strip()
    if not text or text in ALLOWED or TECHNICAL.match(text):
        return False
    return bool(WORD.search(NOT_PROSE.sub(" ", text)))


def _unmarked(node: ast.AST) -> list[ast.Constant]:
    """Literal prose in an argument expression that no tr()/translate() call wraps. Other calls'
    arguments are not looked into (``STATE_TEXT.get("none")`` passes a key, not text)."""
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) and _prose(node.value) else []
    if isinstance(node, ast.JoinedStr):
        out = [v for v in node.values if isinstance(v, ast.Constant) and _prose(str(v.value))]
        return out + [x for v in node.values if isinstance(v, ast.FormattedValue) for x in _unmarked(v.value)]
    if isinstance(node, ast.BinOp):
        return _unmarked(node.left) + _unmarked(node.right)
    if isinstance(node, ast.IfExp):
        return _unmarked(node.body) + _unmarked(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [x for v in node.values for x in _unmarked(v)]
    if isinstance(node, ast.Call) and _name(node) not in MARKERS and _name(node) in ("format", "join", "arg") \
            and isinstance(node.func, ast.Attribute):
        return _unmarked(node.func.value) + [x for a in node.args for x in _unmarked(a)]
    return []


def _shown_arguments(call: ast.Call) -> list[ast.AST]:
    name = _name(call)
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if name in MESSAGE_BOX_STATICS:
        return list(call.args[1:3]) if isinstance(receiver, ast.Name) and receiver.id == "QMessageBox" else []
    if name in ("addItem", "insertItem"):  # (text, data) or (icon, text, data): the data is a key
        first = 1 if name == "insertItem" else 0
        args = call.args[first:]
        icon = args and ("icon" in ast.unparse(args[0]).lower() or "pixmap" in ast.unparse(args[0]).lower())
        return args[1:2] if icon else args[:1]
    if name in SINK_CLASSES or name in SINK_METHODS:
        return list(call.args) + [k.value for k in call.keywords if k.arg not in ("name", "objectName")]
    return []


def unmarked_strings(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: call: 'text'`` for every unmarked shown string in ``source``."""
    out = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            for arg in _shown_arguments(node):
                out += [f"{filename}:{lit.lineno}: {_name(node)}: {lit.value!r}" for lit in _unmarked(arg)]
    return out


def misplaced_self_tr(source: str, filename: str = "<source>", qt_classes: set[str] | None = None) -> list[str]:
    """``self.tr(...)`` in a class that does not derive from a Qt class (directly or through classes
    of ``qt_classes``): PySide looks the text up under the object's Qt class names, not the mixin's."""
    tree = ast.parse(source, filename)
    known = set(qt_classes or ())
    out = []
    for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
        bases = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in cls.bases}
        if any(b.startswith("Q") or b in known for b in bases):
            continue
        for node in ast.walk(cls):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tr" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "self":
                out.append(f"{filename}:{node.lineno}: self.tr in {cls.name}, which is not a Qt class")
    return out


def _qt_classes(sources: dict[str, str]) -> set[str]:
    """Names of app/ui classes that derive from Qt classes, through each other too."""
    bases = {}
    for text in sources.values():
        for cls in [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.ClassDef)]:
            bases[cls.name] = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in cls.bases}
    qt: set[str] = set()
    while True:
        more = {c for c, bs in bases.items() if c not in qt and any(b.startswith("Q") or b in qt for b in bs)}
        if not more:
            return qt
        qt |= more


def _sources() -> dict[str, str]:
    return {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in sorted(UI.rglob("*.py"))}


def test_every_shown_string_in_the_window_is_marked_for_translation() -> None:
    problems = [line for name, text in _sources().items() for line in unmarked_strings(text, name)]
    assert not problems, "texts shown without tr()/translate():\n" + "\n".join(problems)


def test_self_tr_is_used_only_in_qt_classes() -> None:
    sources = _sources()
    qt = _qt_classes(sources)
    problems = [line for name, text in sources.items() for line in misplaced_self_tr(text, name, qt)]
    assert not problems, "use translate(\"MainWindow\", ...) in mixins and plain classes:\n" + "\n".join(problems)


UNMARKED = '''
from PySide6.QtWidgets import QAction, QLabel, QMessageBox

def build(win, n, name):
    QAction("&Export…", win)
    win.title.setText(f"{n} photos in {name}")
    win.status.say("Nothing to reject" if n else win.tr("Done"))
    QMessageBox.warning(win, "Folder context", win.tr("Select a folder first."))
    win.flags.setText("Flags: " + ", ".join(win.flags))
    win.menuBar().addMenu("&Tools")
    win.combo.addItem("Into the photo file", "auto")
    win.form.addRow("Model:", win.model_pick)
'''

MARKED = '''
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAction, QLabel

translate = QCoreApplication.translate

def build(win, n, name):
    QAction(translate("MainWindow", "&Export…"), win)
    win.title.setText(translate("MainWindow", "%Ln photos in {name}", None, n).format(name=name))
    win.title.setText(f"<b>{name}</b>")
    win.setObjectName("MainWindow")
    win.setStyleSheet("color: palette(mid);")
    win.settings.setValue("geometry", win.saveGeometry())
    win.host.setPlaceholderText("http://192.168.1.20:11434")
    win.pull.setPlaceholderText("qwen2.5vl:7b")
    win.kind.addItem("Ollama", "ollama")
    win.kind.addItem(translate("SettingsDialog", "OpenAI-compatible"), "openai")
    win.state.setText(STATE_TEXT.get("none", "none"))
    win.bar.setFormat("%v / %m")
    win.setWindowTitle("Albumwise")
    log.warning("Cannot read %s: %s", name, n)
'''


def test_the_scan_finds_unmarked_texts_and_passes_marked_ones() -> None:
    found = unmarked_strings(UNMARKED)
    texts = [line.split(": ", 2)[2] for line in found]
    assert texts == ["'&Export…'", "' photos in '", "'Nothing to reject'", "'Folder context'", "'Flags: '",
                     "'&Tools'", "'Into the photo file'", "'Model:'"], found
    assert unmarked_strings(MARKED) == []


def test_the_scan_finds_self_tr_in_a_mixin() -> None:
    source = '''
class BrowseMixin:
    def empty(self):
        return self.tr("No photos yet")

class Pane(QWidget):
    def title(self):
        return self.tr("Photo")

class Inner(Pane):
    def more(self):
        return self.tr("More")
'''
    assert [p.split(": ", 1)[1] for p in misplaced_self_tr(source, qt_classes={"Pane"})] == \
        ["self.tr in BrowseMixin, which is not a Qt class"]
