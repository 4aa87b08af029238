"""The words folder names use for occasions, housekeeping and months, in the languages people file in.

English, German, French, Spanish, Italian, Dutch, Polish and Japanese (and a few common loan words).
Everything here is compared *folded* (``app.core.fold``: case, accents, Ł, ß, full-width forms), with
hyphens read as spaces, so "Noël", "noel" and "NOËL" are one word and "Week-end" is "week end".

- ``OCCASIONS``: kind → words. A kind is the occasion in English ("wedding", "christmas", ...); the
  folder keeps its own words as the event ("Hochzeit Anna & Ben"), the kind says what it is.
- ``COMPOUND_STEMS``: German and Dutch glue words together ("Sommerurlaub", "Geburtstagsfeier",
  "Kerstvakantie"); these stems also count at the start or end of a longer word.
- ``HOUSEKEEPING``: folder names that say how photos are stored, never what happened ("Scans",
  "Camera Roll", "Export", "Sonstiges", "未整理"); camera folders ("100APPLE", "101MSDCF") by pattern.
- ``MONTHS``: month names and their usual abbreviations → month number.
"""

from __future__ import annotations

import re

# Kinds in order of precedence: of two matches the longer phrase wins, then the kind listed first.
OCCASIONS: dict[str, str] = {
    "wedding": """wedding, weddings, wedding day, wedding reception, hen party, stag party, bachelorette party,
        hochzeit, hochzeiten, trauung, standesamt, polterabend, junggesellenabschied,
        mariage, mariages, noces,
        boda, bodas, casamiento,
        matrimonio, matrimoni, nozze, sposi,
        bruiloft, bruiloften, huwelijk, trouwen, trouwerij, trouwdag,
        slub, slubu, slubie, wesele, wesela, weselu,
        結婚式, 結婚, 披露宴, ウェディング, ウエディング, ブライダル""",
    "anniversary": """anniversary, anniversaries, wedding anniversary, jubilee, golden wedding, silver wedding,
        jahrestag, hochzeitstag, jubilaum, silberhochzeit, goldene hochzeit,
        anniversaire de mariage, noces d'or, noces d'argent,
        aniversario, bodas de oro, bodas de plata,
        anniversario, anniversario di matrimonio,
        jubileum, trouwjubileum,
        rocznica, jubileusz, rocznica slubu,
        記念日, 結婚記念日""",
    "honeymoon": """honeymoon, flitterwochen, lune de miel, luna de miel, luna di miele, viaggio di nozze,
        huwelijksreis, miesiac miodowy, podroz poslubna, 新婚旅行, ハネムーン""",
    "engagement": """engagement, proposal, verlobung, fiancailles, compromiso, pedida de mano, fidanzamento,
        verloving, zareczyny, 婚約""",
    "birth": """birth, newborn, baby shower, gender reveal, geburt, babyparty, naissance, nacimiento, nascita,
        geboorte, kraamfeest, narodziny, 出産, お宮参り, お七夜""",
    "baptism": """baptism, christening, taufe, bapteme, bautizo, bautismo, battesimo, doop, doopfeest, chrzest,
        chrztu, chrzcie, chrzciny, 洗礼""",
    "communion": """communion, first communion, confirmation, bar mitzvah, bat mitzvah, kommunion, erstkommunion,
        konfirmation, firmung, premiere communion, comunion, primera comunion, confirmacion, comunione,
        prima comunione, cresima, communie, eerste communie, vormsel, belijdenis, komunia, pierwsza komunia,
        komunii, bierzmowanie, 初聖体, 堅信""",
    "graduation": """graduation, graduations, commencement, prom, abschluss, abschlussfeier, abiball, abitur,
        zeugnisubergabe, remise des diplomes, diplome, bal de promo, graduacion, fiesta de graduacion,
        laurea, diploma, diploma uitreiking, diplomering, afstuderen, absolutorium, studniowka,
        卒業式, 卒業""",
    "school": """first day of school, school play, sports day, school concert, einschulung, schulanfang, schulfest,
        rentree, kermesse, primer dia de colegio, fiesta de fin de curso, primo giorno di scuola, recita,
        eerste schooldag, sportdag, schoolfeest, pierwszy dzien szkoly, zakonczenie roku, 入学式, 運動会, 学芸会,
        文化祭""",
    "funeral": """funeral, memorial service, beerdigung, trauerfeier, beisetzung, funerailles, enterrement, obseques,
        entierro, funerale, begrafenis, uitvaart, pogrzeb, 葬式, 葬儀, 告別式""",
    "birthday": """birthday, birthdays, bday, b day, birthday party,
        geburtstag, geburtstage, geburtstagsfeier, geburtstagsparty, kindergeburtstag,
        anniversaire, anniversaires,
        cumpleanos, cumple,
        compleanno, compleanni,
        verjaardag, verjaardagen, verjaardagsfeest,
        urodziny, urodzin, urodzinach, urodzinki, osiemnastka, osiemnastki, imieniny, imienin,
        誕生日, 誕生会, お誕生日会, バースデー""",
    "christmas": """christmas, xmas, x mas, christmas eve, christmas day, boxing day, nativity,
        weihnachten, weihnacht, heiligabend, weihnachtsfeier, weihnachtsmarkt,
        noel, reveillon de noel,
        navidad, navidades, nochebuena,
        natale, vigilia di natale,
        kerstmis, kerst, kerstfeest, kerstavond,
        boze narodzenie, bozego narodzenia, wigilia, wigilii, swieta, swiat, swieta bozego narodzenia,
        クリスマス, クリスマスイブ""",
    "easter": """easter, easter sunday, ostern, osterferien, paques, semana santa, pascua, pasqua, pasen,
        wielkanoc, wielkanocy, swieta wielkanocne, wielkanocne, イースター, 復活祭""",
    "new_year": """new year, new years, new year's eve, new year's day, nye, hogmanay,
        silvester, neujahr,
        nouvel an, jour de l'an, saint sylvestre, reveillon,
        ano nuevo, nochevieja, fin de ano,
        capodanno,
        oud en nieuw, oudjaarsavond, oudejaarsavond, nieuwjaar,
        sylwester, sylwestra, nowy rok,
        正月, お正月, 年末年始, 大晦日, 初詣, 新年""",
    "feast": """halloween, thanksgiving, independence day, fourth of july, 4th of july, memorial day, labor day,
        bonfire night, hanukkah, chanukah, diwali, eid, ramadan, passover, valentine's day,
        mother's day, father's day, st patrick's day, oktoberfest, carnival, mardi gras,
        karneval, fasching, fasnacht, muttertag, vatertag, erntedank,
        carnaval, fete des meres, fete des peres, fete nationale, 14 juillet,
        dia de la madre, dia del padre, feria, san fermin, fallas,
        carnevale, festa della mamma, ferragosto,
        sinterklaas, koningsdag, moederdag, vaderdag,
        karnawal, andrzejki, dzien matki, tlusty czwartek,
        七五三, 花見, お花見, お盆, ひな祭り, 雛祭り, こどもの日, 節分, 七夕""",
    "festival": """concert, concerts, gig, festival, festivals,
        konzert, konzerte, festspiele,
        fete de la musique,
        concierto, conciertos,
        concerto, concerti, sagra,
        optreden,
        koncert, festiwal,
        コンサート, ライブ, フェス, 祭り, 夏祭り, 花火大会""",
    "reunion": """reunion, family reunion, class reunion, familientreffen, klassentreffen, retrouvailles,
        reunion familiar, rimpatriata, reunie, familiedag, zjazd rodzinny, 同窓会""",
    "party": """party, parties, celebration, celebrations, bbq, barbecue, cookout, picnic, get together,
        feier, feiern, fest, sommerfest, grillfest, grillen,
        fete, fetes, soiree, pique nique,
        fiesta, fiestas, celebracion, barbacoa, parrillada,
        festa, feste, grigliata,
        feest, feestje, borrel,
        impreza, imprezy, imprezka, przyjecie, grill, piknik,
        パーティー, パーティ, 飲み会, 宴会, 祝賀会, 打ち上げ, バーベキュー, ピクニック""",
    "holiday": """holiday, holidays, vacation, vacations, vacay, trip, trips, road trip, roadtrip, day trip, travel,
        travels, travelling, traveling, journey, getaway, city break, weekend, weekend away, tour, excursion,
        camping, cruise, safari, backpacking, ski trip, skiing, hiking, hike,
        urlaub, ferien, reise, reisen, ausflug, ausfluge, kurzurlaub, wochenende, stadtereise, rundreise,
        wanderung, wandern, skiurlaub, kreuzfahrt, klassenfahrt,
        vacances, voyage, voyages, sejour, week end, escapade, randonnee, croisiere,
        colonie de vacances, classe de neige,
        vacaciones, viaje, viajes, escapada, fin de semana, crucero, senderismo, acampada,
        vacanze, vacanza, viaggio, viaggi, gita, gite, escursione, fine settimana, crociera, ferie, campeggio,
        settimana bianca,
        vakantie, vakanties, reis, reizen, uitje, dagje uit, weekendje, excursie, schoolreis, stedentrip,
        kamperen, wintersport,
        wakacje, wakacji, wakacjach, urlop, urlopie, wycieczka, wycieczki, wycieczce, podroz, podroze, podrozy, wyjazd,
        wyjazdu, majowka, majowki, kolonie, oboz,
        旅行, 旅, 休暇, 夏休み, 冬休み, 春休み, 遠足, 修学旅行, 観光, ツアー, キャンプ, ドライブ""",
    "event": """event, events, occasion, occasions, special occasions, veranstaltung, veranstaltungen, ereignisse,
        evenement, evenements, evento, eventos, eventi, evenementen, gebeurtenissen, wydarzenia, uroczystosci,
        イベント, 行事""",
}
# German and Dutch stems that also count inside a longer word: stem → (kind, where: start|end|both).
COMPOUND_STEMS: dict[str, tuple[str, str]] = {
    "hochzeit": ("wedding", "both"), "bruiloft": ("wedding", "both"), "geburtstag": ("birthday", "both"),
    "verjaardag": ("birthday", "both"), "weihnacht": ("christmas", "both"), "kerst": ("christmas", "start"),
    "oster": ("easter", "start"), "paas": ("easter", "start"), "silvester": ("new_year", "both"),
    "taufe": ("baptism", "end"), "urlaub": ("holiday", "both"), "ferien": ("holiday", "both"),
    "vakantie": ("holiday", "both"), "reise": ("holiday", "end"), "ausflug": ("holiday", "both"),
    "party": ("party", "end"), "feier": ("party", "end"), "feest": ("party", "end"), "fest": ("party", "end"),
    "konzert": ("festival", "both"), "festival": ("festival", "both"), "karneval": ("feast", "both"),
}

# Words that say how photos are stored (comma-separated; an entry may be a phrase).
HOUSEKEEPING = """
    photo, photos, pics, pictures, picture, images, image, scans, scan, scanned, export, exports, exported, backup,
    backups, camera roll, camera uploads, dcim, misc, miscellaneous, unsorted, uncategorized, import, imports,
    imported, new folder, untitled folder, downloads, download, raw, raws, jpg, jpeg, jpegs, tif, tiff, heic, png,
    dng, edited, edits, originals, original, selects, selected, selection, favourites, favorites, best, best of, img,
    screenshots,
    screenshot, whatsapp, whatsapp images, telegram, my pictures, my photos, library, photo library,
    photos library, lightroom, output, processed, final, finals, print, prints, web copies, copies, copy,
    thumbnails, thumbs, archive, archives, various, other, others, temp, tmp, to sort, todo, inbox, sync, icloud,
    google photos, takeout, onedrive, dropbox, camera, phone, iphone, android, mobile, video, videos, movies,
    all photos, old photos, stuff,
    roll, rolls, film, films, film roll, negatives, slides, reel, card, memory card, sd, sd card, cf, batch, disk,
    disc, cd, dvd, part, volume, vol, upload, uploads,
    rolle, film rolle, filmrolle, karte, speicherkarte, teil, carte, carte sd, lot, partie, pellicule photo,
    rollo, carrete, tarjeta, lote, parte, rullino, scheda, rolletje, kaart, deel, rolka, karta, czesc,
    fotos, foto, bilder, bild, aufnahmen, gescannt, exportiert, sicherung, datensicherung, sonstiges, sonstige,
    diverses, verschiedenes, unsortiert, neuer ordner, importiert, bearbeitet, originale, kamera, handy,
    handyfotos, eigene bilder, meine bilder, archiv, sortieren, auswahl, ausgewahlt, favoriten, kopien,
    kamerarolle,
    divers, non tries, non trie, a trier, sauvegarde, exportees, numerisations, numerise, importees, importation,
    mes images, mes photos, pellicule, nouveau dossier, retouchees, originaux, appareil photo, telephone,
    favoris, autres,
    varios, varias, sin clasificar, sin ordenar, copia de seguridad, respaldo, exportadas, escaneos, escaneadas,
    importadas, carrete, mis imagenes, mis fotos, nueva carpeta, editadas, originales, camara, movil, favoritos,
    otros,
    immagini, varie, vari, non ordinate, da ordinare, esportate, scansioni, importate, rullino, rullino foto,
    le mie immagini, nuova cartella, modificate, originali, fotocamera, telefono, preferiti, altro, altri,
    foto's, afbeeldingen, plaatjes, diversen, overig, overige, ongesorteerd, back up, geexporteerd, gescand,
    geimporteerd, filmrol, mijn afbeeldingen, nieuwe map, bewerkt, origineel, originelen, telefoon, favorieten,
    zdjecia, obrazy, fotki, rozne, inne, nieposortowane, kopia zapasowa, eksport, wyeksportowane, skany,
    zeskanowane, zaimportowane, rolka aparatu, moje obrazy, moje zdjecia, nowy folder, edytowane, oryginaly,
    aparat, ulubione,
    写真, 画像, フォト, ピクチャ, ピクチャー, スキャン, エクスポート, バックアップ, カメラロール, その他, 未整理,
    インポート, 取り込み, 新しいフォルダー, 編集済み, オリジナル, お気に入り, スクリーンショット, ライブラリ
"""
# Housekeeping that happens after the photos were taken: a date next to these words is when the
# photos were copied, exported, backed up or scanned ("Backup 2019-05-01"), not when they were taken.
COPY_WORDS = """
    import, imports, imported, export, exports, exported, backup, backups, back up, download, downloads, upload,
    uploads, sync, transfer, scan, scans, scanned, takeout,
    importiert, exportiert, sicherung, datensicherung, gescannt, ubertragen,
    importation, importees, exportees, sauvegarde, numerisations, numerise,
    importadas, exportadas, copia de seguridad, respaldo, escaneos, escaneadas,
    importate, esportate, scansioni,
    geimporteerd, geexporteerd, gescand,
    eksport, wyeksportowane, zaimportowane, kopia zapasowa, skany, zeskanowane,
    インポート, 取り込み, エクスポート, バックアップ, スキャン
"""
# Camera and phone folders (folded): DCF "100APPLE", "101MSDCF", "100_FUJI", "100NIKON", "100_0001".
CAMERA_FOLDER = re.compile(r"^(?:\d{3}[a-z0-9_]{5}|\d{3}_\d{4}|dcim|img_\d{4}|dsc_?\d{4})$")
# Little words around occasions ("my", "the", "from") that never make a name an event by themselves.
FILLERS = """a, an, the, my, our, of, from, at, in, and, with, for, on, to,
    die, der, das, den, dem, des, und, mit, von, vom, im, am, zu, zum, zur, meine, unsere, bei,
    le, la, les, l, de, du, et, avec, au, aux, en, mes, nos, d,
    el, los, las, del, y, con, al, mis, nuestras, nuestros,
    il, lo, gli, i, di, della, e, le mie, nostre,
    het, een, van, op, bij, mijn, onze,
    w, z, na, do, od, moje, nasze"""

MONTHS: dict[str, int] = {}
for _n, _names in enumerate((
        "january jan januar janvier enero gennaio januari styczen stycznia janv",
        "february feb februar fevrier febrero febbraio februari luty lutego fevr",
        "march mar marz maerz mars marzo maart marzec marca mrz",
        "april apr avril abril aprile kwiecien kwietnia avr",
        "may mai mayo maggio mei maj maja",
        "june jun juni juin junio giugno czerwiec czerwca",
        "july jul juli juillet julio luglio lipiec lipca juil",
        "august aug aout agosto augustus sierpien sierpnia",
        "september sep sept septembre septiembre settembre wrzesien wrzesnia",
        "october oct oktober octobre octubre ottobre pazdziernik pazdziernika okt",
        "november nov novembre noviembre listopad listopada",
        "december dec dezember decembre diciembre dicembre grudzien grudnia dez"), start=1):
    for _w in _names.split():
        MONTHS.setdefault(_w, _n)
ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mrz okt dez janv fevr avr juil".split())
