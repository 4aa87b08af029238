"""Settings: hosts (add, test), vision model (pick, pull with progress), style and prompt template
with a live preview on the selected photo, language, keywords, write policy, search, cache.

Edits a copy of ``Settings``; ``result_settings()`` gives it back when the person presses OK and
the window saves it (``config.save_settings``, JSON).
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import HostConfig, Settings
from app.ui.dialogs import language_settings
from app.ui.dialogs.group_settings import add_group_rows
from app.ui.dialogs.style_names import style_name
from app.ui.grounding_view import SettingsRows

WRITE_TARGETS = [("auto", QT_TRANSLATE_NOOP("SettingsDialog", "Into the photo file where safe, else a sidecar")),
                 ("sidecar", QT_TRANSLATE_NOOP("SettingsDialog", "Into the file and a sidecar .xmp")),
                 ("sidecar_only", QT_TRANSLATE_NOOP("SettingsDialog", "Only a sidecar .xmp (never touch the photo file)"))]
SIDECAR_NAMING = [("ext", QT_TRANSLATE_NOOP("SettingsDialog", "photo.jpg.xmp (darktable, digiKam)")),
                  ("base", QT_TRANSLATE_NOOP("SettingsDialog", "photo.xmp (Lightroom)"))]


class SettingsDialog(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None, *, photo: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Albumwise settings"))
        self.setMinimumSize(720, 560)
        self.s: Settings = copy.deepcopy(ctx.settings)
        self.photo = photo or (getattr(parent, "detail", None) and parent.detail.photo) or {
            "path": "/photos/example.jpg", "filename": "example.jpg", "folder": "/photos", "taken_at": "2024-06-01T10:00:00"}
        tabs = QTabWidget()
        tabs.addTab(self._hosts_tab(), self.tr("Hosts"))
        tabs.addTab(self._model_tab(), self.tr("Model"))
        tabs.addTab(self._style_tab(), self.tr("Style && prompt"))
        tabs.addTab(self._writing_tab(), self.tr("Writing"))
        tabs.addTab(self._other_tab(), self.tr("Search && storage"))
        self.window_language = language_settings.WindowLanguage(self.s)
        tabs.addTab(self.window_language, self.tr("Language"))
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(buttons)
        self._update_preview()

    # -- hosts ------------------------------------------------------------------------------
    def _hosts_tab(self) -> QWidget:
        w = QWidget()
        self.host_list = QListWidget()
        self.host_list.setAccessibleName(self.tr("Hosts"))
        self.host_list.setMaximumHeight(180)
        for h in self.s.hosts:
            self._add_host_item(h)
        self._show_implicit_host()
        self.host_url = QLineEdit()
        self.host_url.setPlaceholderText("http://192.168.1.20:11434")
        self.host_kind = QComboBox()
        self.host_kind.addItem("Ollama", "ollama")
        self.host_kind.addItem(self.tr("OpenAI-compatible"), "openai")
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(self._add_host)
        remove = QPushButton(self.tr("Remove selected"))
        remove.clicked.connect(self._remove_host)
        test = QPushButton(self.tr("Test selected"))
        test.clicked.connect(self._test_host)
        self.host_status = QLabel(self.tr("Add every computer that runs Ollama (or an OpenAI-compatible server); "
                                          "photos are spread over all of them."))
        self.host_status.setWordWrap(True)
        self.host_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.host_url, 1)
        row.addWidget(self.host_kind)
        row.addWidget(add)
        row2 = QHBoxLayout()
        row2.addWidget(test)
        row2.addWidget(remove)
        row2.addStretch(1)
        lay = QVBoxLayout(w)
        lay.addWidget(self.host_list)
        lay.addLayout(row)
        lay.addLayout(row2)
        self.host_mark = QLabel()  # a drawn check mark or cross (symbol characters may be missing from the font)
        self.host_mark.setAccessibleName(self.tr("Host test result"))
        self.host_mark.hide()
        status_row = QHBoxLayout()
        status_row.addWidget(self.host_mark, 0, Qt.AlignmentFlag.AlignTop)
        status_row.addWidget(self.host_status, 1)
        lay.addLayout(status_row)
        lay.addStretch(1)
        return w

    def _show_implicit_host(self) -> None:
        """No host of the person's own: show the one in use (OLLAMA_HOST or the default), marked as
        such; it is not a setting, so it is never saved."""
        from app.captioning.hosts import host_origin, resolve_hosts  # noqa: PLC0415

        if any(self._is_implicit(self.host_list.item(i)) for i in range(self.host_list.count())):
            return
        if self._explicit_items():
            return
        probe = copy.deepcopy(self.s)
        probe.hosts = []
        host = resolve_hosts(probe)[0]
        origin = host_origin(probe)
        item = QListWidgetItem(self.tr("{url}  (Ollama, from OLLAMA_HOST)").format(url=host.url)
                               if origin == "OLLAMA_HOST" else
                               self.tr("{url}  (Ollama, default address)").format(url=host.url))
        item.setData(Qt.ItemDataRole.UserRole, host)
        item.setData(Qt.ItemDataRole.UserRole + 1, origin)
        item.setToolTip(self.tr("Used because no host is listed in the settings. Add a host to use another computer."))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
        self.host_list.addItem(item)

    @staticmethod
    def _is_implicit(item: QListWidgetItem | None) -> bool:
        return item is not None and bool(item.data(Qt.ItemDataRole.UserRole + 1))

    def _explicit_items(self) -> list[QListWidgetItem]:
        items = [self.host_list.item(i) for i in range(self.host_list.count())]
        return [it for it in items if not self._is_implicit(it)]

    def _remove_host(self) -> None:
        item = self.host_list.currentItem()
        if item is None or self._is_implicit(item):
            return
        self.host_list.takeItem(self.host_list.row(item))
        self._show_implicit_host()

    def _add_host_item(self, h: HostConfig) -> None:
        for i in reversed(range(self.host_list.count())):  # a host of one's own replaces the implicit one
            if self._is_implicit(self.host_list.item(i)):
                self.host_list.takeItem(i)
        item = QListWidgetItem(f"{h.url}  ({self.tr('OpenAI-compatible') if h.kind == 'openai' else 'Ollama'})")
        item.setData(Qt.ItemDataRole.UserRole, h)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if h.enabled else Qt.CheckState.Unchecked)
        self.host_list.addItem(item)

    def _add_host(self) -> None:
        from app.captioning.hosts import normalize_url  # noqa: PLC0415

        text = self.host_url.text().strip()
        if not text:
            return
        try:
            url = normalize_url(text)
        except ValueError as exc:
            self.host_status.setText(self.tr("Not a valid address: {error}").format(error=exc))
            return
        self._add_host_item(HostConfig(url=url, kind=self.host_kind.currentData()))
        self.host_url.clear()
        self.host_list.setCurrentRow(self.host_list.count() - 1)
        self._test_host()

    def hosts(self) -> list[HostConfig]:
        """The hosts the person listed (the implicit OLLAMA_HOST/default entry is not one of them)."""
        out = []
        for item in self._explicit_items():
            h = copy.deepcopy(item.data(Qt.ItemDataRole.UserRole))
            h.enabled = item.checkState() == Qt.CheckState.Checked
            out.append(h)
        return out

    def _test_host(self) -> None:
        item = self.host_list.currentItem() or self.host_list.item(0)
        if item is None:
            return
        host = item.data(Qt.ItemDataRole.UserRole)
        self.host_mark.hide()
        self.host_status.setText(self.tr("Testing {url}…").format(url=host.url))
        self.ctx.spawn(self._test(host), name="test host")

    async def _test(self, host: HostConfig) -> None:
        from app.ui.checks import check_host  # noqa: PLC0415

        ok, headline, fix, models = await check_host(host)
        from app.ui.glyphs import mark_pixmap  # noqa: PLC0415

        self.host_ok = ok
        self.host_mark.setPixmap(mark_pixmap(ok, 16, self.devicePixelRatioF()))
        self.host_mark.show()
        self.host_status.setText(headline + ("\n" + self.tr("How to fix: {fix}").format(fix=fix) if fix else ""))
        if models:
            self._set_models(models)

    # -- model ------------------------------------------------------------------------------
    def _model_tab(self) -> QWidget:
        w = QWidget()
        self.model_pick = QComboBox()
        self.model_pick.setEditable(True)
        self.model_pick.setAccessibleName(self.tr("Vision model"))
        self.model_pick.addItem(self.tr("(automatic: best installed vision model)"), "")
        if self.s.model:
            self.model_pick.addItem(self.s.model, self.s.model)
            self.model_pick.setCurrentIndex(1)
        refresh = QPushButton(self.tr("List vision models"))
        refresh.clicked.connect(self._test_host)
        self.pull_name = QLineEdit()
        self.pull_name.setPlaceholderText("qwen2.5vl:7b")
        pull = QPushButton(self.tr("Pull"))
        pull.clicked.connect(self._pull)
        self.pull_bar = QProgressBar()
        self.pull_bar.hide()
        self.pull_status = QLabel(self.tr("Only models that can look at pictures are listed."))
        self.pull_status.setWordWrap(True)
        form = QFormLayout(w)
        row = QHBoxLayout()
        row.addWidget(self.model_pick, 1)
        row.addWidget(refresh)
        form.addRow(self.tr("Model:"), row)
        prow = QHBoxLayout()
        prow.addWidget(self.pull_name, 1)
        prow.addWidget(pull)
        form.addRow(self.tr("Download a model:"), prow)
        form.addRow("", self.pull_bar)
        form.addRow("", self.pull_status)
        return w

    def _set_models(self, models: list[str]) -> None:
        current = self.model_pick.currentData() or self.model_pick.currentText()
        self.model_pick.clear()
        self.model_pick.addItem(self.tr("(automatic: best installed vision model)"), "")
        for m in models:
            self.model_pick.addItem(m, m)
        idx = self.model_pick.findData(current)
        self.model_pick.setCurrentIndex(max(0, idx))

    def _pull(self) -> None:
        name = self.pull_name.text().strip()
        from app.captioning.hosts import resolve_hosts  # noqa: PLC0415

        probe = copy.deepcopy(self.s)
        probe.hosts = self.hosts()
        hosts = resolve_hosts(probe)
        if name:
            self.ctx.spawn(self._do_pull(hosts[0], name), name="pull model")

    async def _do_pull(self, host: HostConfig, name: str) -> None:
        from app.services import captioning as capsvc  # noqa: PLC0415

        self.pull_bar.show()
        self.pull_bar.setRange(0, 0)
        try:
            async for p in capsvc.pull_model(host, name):
                total = getattr(p, "total", None) or 0
                done = getattr(p, "completed", None) or 0
                if total:
                    self.pull_bar.setRange(0, 1000)
                    self.pull_bar.setValue(int(1000 * done / total))
                self.pull_status.setText(f"{name}: {getattr(p, 'status', '')}")
        except Exception as exc:  # noqa: BLE001 - say it, keep the dialog
            self.pull_status.setText(self.tr("Could not pull {model}: {error}").format(model=name, error=exc))
            self.pull_bar.hide()
            return
        self.pull_bar.setRange(0, 1000)
        self.pull_bar.setValue(1000)
        self.pull_status.setText(self.tr("{model} is installed.").format(model=name))
        self.model_pick.addItem(name, name)
        self.model_pick.setCurrentIndex(self.model_pick.count() - 1)

    # -- style ------------------------------------------------------------------------------
    def _style_tab(self) -> QWidget:
        from app.captioning import prompts  # noqa: PLC0415

        w = QWidget()
        self.style_pick = QComboBox()
        for name in prompts.STYLES:
            self.style_pick.addItem(style_name(name), name)
        self.style_pick.setCurrentIndex(max(0, self.style_pick.findData(self.s.style)))
        self.language = language_settings.caption_language_box(
            self.s.language, follows=getattr(self.ctx, "caption_language_follows", False))
        self.keywords = QCheckBox(self.tr("Also suggest keywords"))
        self.keywords.setChecked(self.s.keywords)
        self.template = QPlainTextEdit()
        self.template.setAccessibleName(self.tr("Prompt template"))
        self.template.setMinimumHeight(120)
        self._templates = dict(self.s.prompt_templates)
        self._load_template()
        reset = QPushButton(self.tr("Reset to the built-in template"))
        reset.clicked.connect(self._reset_template)
        self.template_error = QLabel()
        self.template_error.setAccessibleName(self.tr("Template problems"))
        self.template_error.setWordWrap(True)
        self.template_error.setStyleSheet("color: #c62828;")
        self.template_error.hide()
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Prompt preview"))
        self.style_pick.currentIndexChanged.connect(self._style_changed)
        self.template.textChanged.connect(self._template_edited)
        self.language.currentTextChanged.connect(lambda _t: self._update_preview())
        form = QFormLayout(w)
        form.addRow(self.tr("Caption style:"), self.style_pick)
        form.addRow(self.tr("Language of captions:"), self.language)
        form.addRow("", self.keywords)
        form.addRow(QLabel(self.tr("Prompt template ({context}, {language}, {filename}, {folder}, {date} … are filled in):")))
        form.addRow(self.template)
        form.addRow(self.template_error)
        form.addRow("", reset)
        form.addRow(QLabel(self.tr("Preview for the selected photo ({name}):").format(name=self.photo.get("filename", ""))))
        form.addRow(self.preview)
        return w

    def _current_style(self) -> str:
        return self.style_pick.currentData() or "caption"

    def _load_template(self) -> None:
        from app.captioning import prompts  # noqa: PLC0415

        style = self._current_style()
        self.template.blockSignals(True)
        self.template.setPlainText(self._templates.get(style) or prompts.load_template(style))
        self.template.blockSignals(False)

    def _style_changed(self) -> None:
        self._load_template()
        self._update_preview()

    def _template_edited(self) -> None:
        from app.captioning import prompts  # noqa: PLC0415

        style = self._current_style()
        text = self.template.toPlainText()
        if text.strip() and text != prompts.load_template(style):
            self._templates[style] = text
        else:
            self._templates.pop(style, None)
        self._update_preview()

    def _reset_template(self) -> None:
        self._templates.pop(self._current_style(), None)
        self._load_template()
        self._update_preview()

    def _update_preview(self) -> None:
        from app.captioning import prompts  # noqa: PLC0415

        unknown = prompts.unknown_placeholders(self.template.toPlainText())
        if unknown:
            names = ", ".join("{" + n + "}" for n in unknown)
            known = ", ".join("{" + n + "}" for n in prompts.PLACEHOLDERS)
            self.template_error.setText(self.tr("Not a placeholder: {names}. It would reach the model as written. "
                                                "Known placeholders: {known}.").format(names=names, known=known))
        self.template_error.setVisible(bool(unknown))
        try:
            text = prompts.build_prompt(prompts.get_style(self._current_style()), self.photo,
                                        language=language_settings.chosen_caption_language(self.language, resolved=True),
                                        overrides=self._templates)
        except Exception as exc:  # noqa: BLE001 - a broken template is shown, not raised
            text = self.tr("(this template cannot be filled in: {error})").format(error=exc)
        self.preview.setPlainText(text)

    # -- writing ----------------------------------------------------------------------------
    def _writing_tab(self) -> QWidget:
        w = QWidget()
        self.write_target = QComboBox()
        for key, label in WRITE_TARGETS:
            self.write_target.addItem(self.tr(label), key)
        self.write_target.setCurrentIndex(max(0, self.write_target.findData(self.s.write_target)))
        self.sidecar_naming = QComboBox()
        for key, label in SIDECAR_NAMING:
            self.sidecar_naming.addItem(self.tr(label), key)
        self.sidecar_naming.setCurrentIndex(max(0, self.sidecar_naming.findData(self.s.sidecar_naming)))
        self.keep_dates = QCheckBox(self.tr("Keep the files' modification dates"))
        self.keep_dates.setToolTip(self.tr("Off (default): a written photo gets a new modification time, so Immich, "
                                           "darktable, Lightroom and backup tools notice the change. On: the time "
                                           "stays, and those may miss it."))
        self.keep_dates.setChecked(self.s.keep_file_dates)
        from app.ui.dialogs.raw_app import RawAppQuestion  # noqa: PLC0415

        self.raw_app = RawAppQuestion(self.s)
        self.raw_app.combo.currentIndexChanged.connect(self._raw_app_changed)
        self.write_on_approve = QCheckBox(self.tr("Write into the file as soon as I approve a caption"))
        self.write_on_approve.setChecked(self.s.write_on_approve)
        self.provenance = QCheckBox(self.tr("Record which model wrote the caption and who approved it (XMP)"))
        self.provenance.setChecked(self.s.write_provenance)
        form = QFormLayout(w)
        form.addRow(self.tr("Where captions go:"), self.write_target)
        form.addRow("", self.raw_app)
        form.addRow(self.tr("Sidecar names:"), self.sidecar_naming)
        form.addRow("", self.keep_dates)
        form.addRow("", self.write_on_approve)
        form.addRow("", self.provenance)
        self.grounding_rows = SettingsRows(self.s, form)  # place names, vocabulary
        return w

    def _raw_app_changed(self) -> None:
        from app.config import sidecar_naming_for  # noqa: PLC0415

        naming = sidecar_naming_for(self.raw_app.raw_app(), self.sidecar_naming.currentData())
        self.sidecar_naming.setCurrentIndex(max(0, self.sidecar_naming.findData(naming)))

    # -- search and storage -----------------------------------------------------------------
    def _other_tab(self) -> QWidget:
        w = QWidget()
        self.embedding = QLineEdit(self.s.embedding_model)
        self.embedding.setAccessibleName(self.tr("Embedding model"))
        self.cache_dir = QLineEdit(self.s.thumbnail_cache_dir)
        self.cache_dir.setPlaceholderText(str(self.ctx.paths.thumb_dir))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_cache)
        row = QHBoxLayout()
        row.addWidget(self.cache_dir, 1)
        row.addWidget(browse)
        form = QFormLayout(w)
        form.addRow(self.tr("Embedding model (search by meaning):"), self.embedding)
        form.addRow(self.tr("Thumbnail cache:"), row)
        self._apply_groups = add_group_rows(form, self.s)  # bursts and duplicates
        return w

    def _choose_cache(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thumbnail cache folder"), self.cache_dir.text())
        if folder:
            self.cache_dir.setText(folder)

    # -- result -----------------------------------------------------------------------------
    def result_settings(self) -> Settings:
        s = copy.deepcopy(self.s)
        s.hosts = self.hosts()
        s.model = self.model_pick.currentData() if self.model_pick.currentData() is not None else self.model_pick.currentText()
        if s.model and s.model == self.tr("(automatic: best installed vision model)"):
            s.model = ""
        s.style = self._current_style()
        s.language = language_settings.chosen_caption_language(self.language)  # "": the window's language
        s.keywords = self.keywords.isChecked()
        s.prompt_templates = dict(self._templates)
        s.write_target = self.write_target.currentData()
        s.raw_app = self.raw_app.raw_app()
        s.sidecar_naming = self.sidecar_naming.currentData()
        s.keep_file_dates = self.keep_dates.isChecked()
        s.write_on_approve = self.write_on_approve.isChecked()
        s.write_provenance = self.provenance.isChecked()
        s.embedding_model = self.embedding.text().strip()
        s.thumbnail_cache_dir = self.cache_dir.text().strip()
        self._apply_groups(s)
        self.grounding_rows.apply(s)
        self.window_language.apply(s)
        return s
