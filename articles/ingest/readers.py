"""File formats -> plain records: .txt, .json, .jsonl, TREC/CLEF SGML, zip and tar.

``iter_records`` walks files, directories and archives one item at a time and
yields a ``RawRecord`` per article or a ``ReadError`` per item it could not read,
then carries on: bad input never raises. No Django, no database.

Origins name each item for messages and provenance: a file given directly is named
by its base name (``2015-07-21.zip``), a file found in a directory by the
directory name and its relative path (``seeds/000.txt``); ``!`` enters an archive
member, ``#N`` is the N-th record of a file (from 1), ``:N`` a line of a .jsonl.
"""

from __future__ import annotations

import bz2
import gzip
import html
import io
import json
import lzma
import os
import re
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping

from articles.ingest.records import RawRecord, ReadError

MSG_UNSUPPORTED = "unsupported file type {ext}"
MSG_NO_EXTENSION = "unsupported file type (no extension)"
MSG_EMPTY = "empty file"
MSG_BINARY = "binary file, not text"
MSG_UNDECODABLE = "cannot decode text: not UTF-8, UTF-16 or Windows-1256 Arabic"
MSG_NOT_FOUND = "no such file or directory"
MSG_UNREADABLE = "cannot read file: {reason}"
MSG_INVALID_JSON = "invalid JSON at line {line} column {column}: {reason}"
MSG_INVALID_JSON_LINE = "invalid JSON: {reason}"
MSG_NOT_OBJECT = "record {index}: not a JSON object"
MSG_LINE_NOT_OBJECT = "not a JSON object"
MSG_JSON_TOP_LEVEL = "expected a JSON object or a list of objects, got {kind}"
MSG_NO_DOC = "no <DOC> element found"
MSG_ARCHIVE_OPEN = "cannot open archive: {reason}"
MSG_ARCHIVE_BROKEN = "archive is corrupt or truncated: {reason}"
MSG_ARCHIVE_CORRUPT = (
    "archive is corrupt ({reason}): nothing was read from it, since any of its files may be damaged"
)
MSG_MEMBER_UNREADABLE = "cannot read archive member: {reason}"
MSG_UNKNOWN_FIELD = "field_map key {key!r} is not one of: {known}"
MSG_MIXED_ENCODING = (
    "mixed encodings: UTF-8 Arabic text, but line {line} is not UTF-8 "
    "(save the whole file in one encoding)"
)
MSG_MIXED_LINE = "mixed encodings: UTF-8 Arabic text with bytes that are not UTF-8"
MSG_NO_RECORDS = "no records: the JSON list is empty"
MSG_TOO_DEEP = "invalid JSON: nested too deeply"
# The longest record in SaudiNewsNet is 34,776 characters and the largest ANT
# file 18,563 bytes; a record 30 times that is no article, and tagging and
# indexing it would hold up the whole batch (a 50 MB body takes minutes).
MAX_RECORD_CHARS = 1_000_000
MSG_TOO_LARGE = (
    "record too large: {size:,} characters, over the limit of "
    + f"{MAX_RECORD_CHARS:,}"
    + " (the longest real article seen is about 35,000)"
)

# Canonical key -> input names tried in order. SaudiNewsNet uses content /
# date_extracted; the rest are names common in scraped-news dumps.
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "body": ("content", "body", "text", "article"),
    "date": ("date", "date_extracted", "published", "published_at", "pubDate"),
    "source": ("source", "publisher", "site"),
    "url": ("url", "link"),
    "author": ("author",),
    "category": ("category",),
    "abstract": ("abstract",),
}
# ANT corpus / TREC-CLEF tags (matched case-insensitively).
SGML_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("TITLE", "HEADLINE"),
    "body": ("TEXT",),
    "date": ("TIME", "DATE"),
    "source": ("SRC", "SOURCE"),
    "url": ("URL",),
    "author": ("AUTHOR",),
    "category": ("CAT",),
    "abstract": ("ABSTRACT",),
}

TEXT_EXTENSIONS = {".txt"}
JSON_EXTENSIONS = {".json"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
SGML_EXTENSIONS = {".sgml", ".sgm", ".xml"}
TAR_EXTENSIONS = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")

# Licence and readme files ship inside corpus folders and archives (ANT has
# LICENSE and README.md); they are skipped there, but reported when named directly.
_DOC_FILE = re.compile(r"(readme|licen[cs]e|copying|changelog|notice|authors)", re.I)
_DOC_EXTENSIONS = {".md", ".rst"}

_DOC_BLOCK = re.compile(r"<DOC\b[^>]*>.*?(?:</DOC\s*>|(?=<DOC\b)|\Z)", re.I | re.S)


def iter_records(
    paths: Iterable[str | os.PathLike], *, field_map: Mapping[str, str] | None = None
) -> Iterator[RawRecord | ReadError]:
    """Yield one RawRecord per article and one ReadError per unreadable item.

    ``field_map`` maps a canonical key (title, body, date, source, url, author,
    category, abstract) to the input field or SGML tag that holds it, replacing
    the defaults for that key, e.g. ``{"body": "text_ar", "date": "time"}``.
    """
    overrides = dict(field_map or {})
    unknown = sorted(set(overrides) - set(JSON_FIELDS))
    if unknown:  # a programming error, not bad input: fail before reading anything
        raise ValueError(MSG_UNKNOWN_FIELD.format(key=unknown[0], known=", ".join(JSON_FIELDS)))
    json_fields = {k: (overrides[k],) if k in overrides else v for k, v in JSON_FIELDS.items()}
    sgml_fields = {k: (overrides[k],) if k in overrides else v for k, v in SGML_FIELDS.items()}
    return _iter_paths(paths, _Mapping(json_fields, sgml_fields))


class _Mapping:
    def __init__(
        self, json_fields: dict[str, tuple[str, ...]], sgml_fields: dict[str, tuple[str, ...]]
    ):
        self.json = json_fields
        self.sgml = {k: tuple(n.upper() for n in v) for k, v in sgml_fields.items()}


def _iter_paths(
    paths: Iterable[str | os.PathLike], mapping: _Mapping
) -> Iterator[RawRecord | ReadError]:
    for raw_path in paths:
        path = os.fspath(raw_path)
        name = os.path.basename(os.path.abspath(path)) or path
        if os.path.isdir(path):
            yield from _iter_directory(path, name, mapping)
        elif not os.path.lexists(path):
            yield ReadError(name, MSG_NOT_FOUND)
        else:
            yield from _iter_file(path, name, mapping)


def _iter_directory(root: str, origin: str, mapping: _Mapping) -> Iterator[RawRecord | ReadError]:
    # os.walk lists one directory at a time, so a large tree is never held in memory.
    unlistable: list[OSError] = []
    for current, dirs, files in os.walk(root, onerror=unlistable.append):
        yield from (_directory_error(e, root, origin) for e in unlistable)
        unlistable.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for filename in sorted(files):
            if filename.startswith(".") or _is_doc_file(filename):
                continue
            path = os.path.join(current, filename)
            yield from _iter_file(path, _origin_in(root, origin, path), mapping)
    yield from (_directory_error(e, root, origin) for e in unlistable)


def _origin_in(root: str, origin: str, path: str) -> str:
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    return origin if relative == "." else f"{origin}/{relative}"


def _directory_error(error: OSError, root: str, origin: str) -> ReadError:
    where = _origin_in(root, origin, error.filename) if error.filename else origin
    return ReadError(where, MSG_UNREADABLE.format(reason=error.strerror or error))


def _iter_file(path: str, origin: str, mapping: _Mapping) -> Iterator[RawRecord | ReadError]:
    lowered = path.lower()
    if lowered.endswith(".zip"):
        yield from _iter_zip(path, origin, mapping)
        return
    if lowered.endswith(TAR_EXTENSIONS):
        yield from _iter_tar(path, origin, mapping)
        return
    if _extension(path) is None and not lowered.endswith(".gz"):
        yield _unsupported(path, origin)
        return
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        yield ReadError(origin, MSG_UNREADABLE.format(reason=exc.strerror or exc))
        return
    yield from _iter_bytes(os.path.basename(path), data, origin, mapping)


def _iter_zip(
    source: str | io.BytesIO, origin: str, mapping: _Mapping
) -> Iterator[RawRecord | ReadError]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield ReadError(origin, MSG_ARCHIVE_OPEN.format(reason=exc))
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or _skip_member(info.filename):
                continue
            member_origin = f"{origin}!{info.filename}"
            try:
                data = archive.read(info)
            except (
                zipfile.BadZipFile,
                OSError,
                EOFError,
                zlib.error,
                RuntimeError,
                NotImplementedError,
            ) as exc:
                yield ReadError(member_origin, MSG_MEMBER_UNREADABLE.format(reason=exc))
                continue
            yield from _iter_bytes(info.filename, data, member_origin, mapping)


def _iter_tar(
    source: str | io.BytesIO, origin: str, mapping: _Mapping
) -> Iterator[RawRecord | ReadError]:
    damage = _compression_damage(source)
    if damage:
        yield ReadError(origin, MSG_ARCHIVE_CORRUPT.format(reason=damage))
        return
    try:
        if isinstance(source, str):
            archive = tarfile.open(source, "r:*")
        else:
            archive = tarfile.open(fileobj=source, mode="r:*")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        yield ReadError(origin, MSG_ARCHIVE_OPEN.format(reason=exc))
        return
    with archive:
        members = iter(archive)
        while True:
            # Iterating reads headers lazily, so a truncated tail fails here, mid-way.
            try:
                member = next(members)
            except StopIteration:
                return
            except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
                yield ReadError(origin, MSG_ARCHIVE_BROKEN.format(reason=exc))
                return
            if not member.isfile() or _skip_member(member.name):
                continue
            member_origin = f"{origin}!{member.name}"
            try:
                handle = archive.extractfile(member)
                data = handle.read() if handle else b""
            except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
                yield ReadError(member_origin, MSG_ARCHIVE_BROKEN.format(reason=exc))
                return
            yield from _iter_bytes(member.name, data, member_origin, mapping)


# Magic bytes of the compressions tarfile reads ("r:*") -> how to open the stream.
_COMPRESSIONS = ((b"\x1f\x8b", gzip.open), (b"BZh", bz2.open), (b"\xfd7zXZ\x00", lzma.open))


def _compression_damage(source: str | io.BytesIO) -> str | None:
    """Why a compressed tar cannot be trusted (a checksum failed), or None.

    Tar has no checksum of its own for file contents and gzip checks its CRC
    only at the end, so a flipped byte would otherwise come out as a garbled
    article before the error. One extra decompression pass (about 0.1 s for
    the 4.7 MB ANT archive) settles it first. A truncated stream is not
    damage: everything before the cut is exact, and is read.
    """
    if isinstance(source, str):
        with open(source, "rb") as handle:
            magic = handle.read(6)
    else:
        magic = source.getvalue()[:6]
    opener = next((o for m, o in _COMPRESSIONS if magic.startswith(m)), None)
    if opener is None:
        return None
    try:
        with opener(source if isinstance(source, str) else io.BytesIO(source.getvalue())) as s:
            while s.read(1 << 20):
                pass
    except EOFError:
        return None
    except (OSError, zlib.error, lzma.LZMAError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None


def _iter_bytes(
    name: str, data: bytes, origin: str, mapping: _Mapping
) -> Iterator[RawRecord | ReadError]:
    """Dispatch one file's bytes on its name: archives nest, text formats are decoded."""
    lowered = name.lower()
    if lowered.endswith(".zip"):
        yield from _iter_zip(io.BytesIO(data), origin, mapping)
        return
    if lowered.endswith(TAR_EXTENSIONS):
        yield from _iter_tar(io.BytesIO(data), origin, mapping)
        return
    if lowered.endswith(".gz"):  # feed.jsonl.gz: one compressed file
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            yield ReadError(origin, MSG_ARCHIVE_OPEN.format(reason=exc))
            return
        name = name[:-3]
        lowered = lowered[:-3]
    ext = _extension(name)
    if ext is None:
        yield _unsupported(name, origin)
        return
    decoded = decode_text(data)
    if isinstance(decoded, str) and ext in JSONL_EXTENSIONS and _utf8_arabic(data):
        # One record a line: lines written in another encoding are read (or
        # refused) one by one, and the file's other lines still count.
        yield from _jsonl_lines_decoded_one_by_one(data, origin, mapping)
        return
    if isinstance(decoded, str):  # an error message
        yield ReadError(origin, decoded)
        return
    text, encoding = decoded
    if ext in JSON_EXTENSIONS:
        yield from _json_records(text, origin, encoding, mapping)
    elif ext in JSONL_EXTENSIONS:
        yield from _jsonl_records(text, origin, encoding, mapping)
    elif ext in SGML_EXTENSIONS or text.lstrip()[:4].upper() == "<DOC":
        yield from _sgml_records(text, origin, encoding, mapping)
    elif len(text) > MAX_RECORD_CHARS:
        yield ReadError(origin, MSG_TOO_LARGE.format(size=len(text)))
    else:
        yield RawRecord(origin=origin, kind="txt", text=text, encoding=encoding)


def decode_text(data: bytes) -> tuple[str, str] | str:
    """Decode a text file: (text, encoding), or an error message for a ReadError.

    UTF-8 (BOM stripped), UTF-16/32 when a BOM says so, else strict UTF-8, else
    Windows-1256 (older Arabic archives) when the result reads as Arabic.
    """
    boms = (
        (b"\xef\xbb\xbf", "utf-8", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
        (b"\xff\xfe", "utf-16-le", "utf-16"),
        (b"\xfe\xff", "utf-16-be", "utf-16"),
    )
    for bom, codec, label in boms:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                return MSG_UNDECODABLE
            return (text, label) if text.strip() else MSG_EMPTY
    if not data.strip():
        return MSG_EMPTY
    if b"\x00" in data:
        nul = data.index(b"\x00")
        if _utf8_arabic(data[:nul]):  # UTF-8 up to here, then UTF-16 or binary
            return MSG_MIXED_ENCODING.format(line=data.count(b"\n", 0, nul) + 1)
        return _utf16_without_bom(data) or MSG_BINARY
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        if _utf8_arabic(data):
            # Decoding all of it as Windows-1256 would store the UTF-8 part as
            # mojibake (ط§ظ„ for ال): refuse, naming where UTF-8 stops.
            return MSG_MIXED_ENCODING.format(line=data.count(b"\n", 0, exc.start) + 1)
        text = data.decode("cp1256", errors="replace")
        encoding = "windows-1256"
        if _looks_binary(text):
            return MSG_BINARY
        if not _looks_arabic(text):
            return MSG_UNDECODABLE
    if _looks_binary(text):
        return MSG_BINARY
    return text, encoding


# Three Arabic letters in a row encoded as UTF-8 (U+0621..U+064A). Windows-1256
# Arabic never has them: it would take «ط،ط،ط،».
_UTF8_ARABIC_RUN = re.compile(rb"(?:\xd8[\xa1-\xbf]|\xd9[\x80-\x8a]){3}")


def _utf8_arabic(data: bytes) -> bool:
    return _UTF8_ARABIC_RUN.search(data) is not None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Arabic UTF-16 saved without a BOM (every other byte 0x06), or None."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_arabic(text) and not _looks_binary(text):
            return text, "utf-16"
    return None


def _jsonl_lines_decoded_one_by_one(
    data: bytes, origin: str, mapping: _Mapping
) -> Iterator[RawRecord | ReadError]:
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        decoded = decode_text(line)
        if isinstance(decoded, str):
            # Within one line "line N is not UTF-8" would say nothing new.
            message = MSG_MIXED_LINE if _utf8_arabic(line) else decoded
            yield ReadError(f"{origin}:{number}", message)
            continue
        text, encoding = decoded
        yield from _jsonl_records(text, origin, encoding, mapping, first_line=number)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f\x1a") or ch == "\x7f")
    return controls > len(sample) * 0.05  # real copy has a few stray \x1a bullets, not 5%


def _looks_arabic(text: str) -> bool:
    # Random bytes decoded as cp1256 give ~15% Arabic letters; real Arabic prose is most of its letters.
    sample = text[:65536]
    letters = [ch for ch in sample if ch.isalpha()]
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
    return bool(letters) and arabic >= len(letters) * 0.5 and "\ufffd" not in sample


def _parse_json(text: str, invalid) -> tuple[object, str | None]:
    """(value, None), or (None, why not): `invalid(exc)` words a syntax error; nesting
    too deep for Python and numbers of more than 4,300 digits have messages of their own."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, invalid(exc)
    except RecursionError:
        return None, MSG_TOO_DEEP
    except ValueError as exc:  # a number of more than 4,300 digits
        return None, MSG_INVALID_JSON_LINE.format(reason=exc)


def _json_records(
    text: str, origin: str, encoding: str, mapping: _Mapping
) -> Iterator[RawRecord | ReadError]:
    value, problem = _parse_json(
        text, lambda exc: MSG_INVALID_JSON.format(line=exc.lineno, column=exc.colno, reason=exc.msg)
    )
    if problem:
        yield ReadError(origin, problem)
        return
    if isinstance(value, dict):
        yield _checked_json_record(value, origin, encoding, mapping)
    elif isinstance(value, list):
        if not value:
            yield ReadError(origin, MSG_NO_RECORDS)
        for index, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                yield ReadError(origin, MSG_NOT_OBJECT.format(index=index))
                continue
            yield _checked_json_record(item, f"{origin}#{index}", encoding, mapping)
    else:
        yield ReadError(origin, MSG_JSON_TOP_LEVEL.format(kind=type(value).__name__))


def _jsonl_records(
    text: str, origin: str, encoding: str, mapping: _Mapping, *, first_line: int = 1
) -> Iterator[RawRecord | ReadError]:
    # split("\n"), not splitlines(): U+2028 may legally sit unescaped inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=first_line):
        line = line.strip()
        if not line:
            continue
        line_origin = f"{origin}:{number}"
        if len(line) > MAX_RECORD_CHARS:  # refused before parsing it
            yield ReadError(line_origin, MSG_TOO_LARGE.format(size=len(line)))
            continue
        value, problem = _parse_json(line, lambda exc: MSG_INVALID_JSON_LINE.format(reason=exc.msg))
        if problem:
            yield ReadError(line_origin, problem)
            continue
        if not isinstance(value, dict):
            yield ReadError(line_origin, MSG_LINE_NOT_OBJECT)
            continue
        try:
            yield _json_record(value, line_origin, encoding, mapping, line)
        except RecursionError:  # a field nested too deeply to flatten into text
            yield ReadError(line_origin, MSG_TOO_DEEP)


def _checked_json_record(
    obj: dict, origin: str, encoding: str, mapping: _Mapping
) -> RawRecord | ReadError:
    """One object of a .json file, or the error that keeps it out (too large, too deep)."""
    try:
        raw = json.dumps(obj, ensure_ascii=False)
        if len(raw) > MAX_RECORD_CHARS:
            return ReadError(origin, MSG_TOO_LARGE.format(size=len(raw)))
        return _json_record(obj, origin, encoding, mapping, raw)
    except RecursionError:
        return ReadError(origin, MSG_TOO_DEEP)


def _json_record(obj: dict, origin: str, encoding: str, mapping: _Mapping, raw: str) -> RawRecord:
    fields: dict[str, str] = {}
    lowered: dict[str, object] | None = None
    for key, names in mapping.json.items():
        for name in names:
            if name in obj:
                value = obj[name]
            else:
                if lowered is None:
                    lowered = {str(k).lower(): v for k, v in obj.items()}
                value = lowered.get(name.lower())
            text = _as_text(value)
            if text:
                fields[key] = text
                break
    # RawRecord.text carries the record as read, so cleaning can keep it as raw_text.
    return RawRecord(origin=origin, kind="json", text=raw, fields=fields, encoding=encoding)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "، ".join(t for t in (_as_text(v) for v in value) if t)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _sgml_records(
    text: str, origin: str, encoding: str, mapping: _Mapping
) -> Iterator[RawRecord | ReadError]:
    blocks = _DOC_BLOCK.findall(text)
    if not blocks:
        yield ReadError(origin, MSG_NO_DOC)
        return
    for index, block in enumerate(blocks, start=1):
        block_origin = origin if len(blocks) == 1 else f"{origin}#{index}"
        if len(block) > MAX_RECORD_CHARS:
            yield ReadError(block_origin, MSG_TOO_LARGE.format(size=len(block)))
            continue
        fields: dict[str, str] = {}
        for key, names in mapping.sgml.items():
            for name in names:
                value = _sgml_value(block, name)
                if value:
                    fields[key] = value
                    break
        yield RawRecord(
            origin=block_origin, kind="sgml", text=block, fields=fields, encoding=encoding
        )


def _sgml_value(block: str, tag: str) -> str:
    """The text of ``<TAG>…</TAG>``; without a closing tag, up to the next field tag.

    Not XML: unclosed tags, bare "&" and HTML paragraphs inside TEXT all occur.
    """
    closed, unclosed = _tag_patterns(tag)
    match = closed.search(block) or unclosed.search(block)
    if not match:
        return ""
    value = _HTML_BREAK.sub("\n", match.group(1))
    return html.unescape(_HTML_TAG.sub("", value)).strip()


_TAG_PATTERNS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}
_FIELD_TAGS = "|".join(sorted({n for names in SGML_FIELDS.values() for n in names} | {"DOCNO"}))
_HTML_BREAK = re.compile(r"<br\s*/?>|</?p\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _tag_patterns(tag: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    if tag not in _TAG_PATTERNS:
        name = re.escape(tag)
        _TAG_PATTERNS[tag] = (
            re.compile(rf"<{name}\b[^>]*>(.*?)</{name}\s*>", re.I | re.S),
            re.compile(rf"<{name}\b[^>]*>(.*?)(?=<(?:{_FIELD_TAGS})\b|</DOC\b|\Z)", re.I | re.S),
        )
    return _TAG_PATTERNS[tag]


def _extension(name: str) -> str | None:
    ext = os.path.splitext(name)[1].lower()
    supported = TEXT_EXTENSIONS | JSON_EXTENSIONS | JSONL_EXTENSIONS | SGML_EXTENSIONS
    return ext if ext in supported else None


def _unsupported(name: str, origin: str) -> ReadError:
    ext = os.path.splitext(os.path.basename(name))[1].lower()
    return ReadError(origin, MSG_UNSUPPORTED.format(ext=ext) if ext else MSG_NO_EXTENSION)


def _is_doc_file(filename: str) -> bool:
    stem, ext = os.path.splitext(filename)
    return ext.lower() in _DOC_EXTENSIONS or bool(_DOC_FILE.search(stem))


def _skip_member(member: str) -> bool:
    """Hidden files, macOS resource forks and readme/licence files inside archives."""
    parts = [p for p in member.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts):
        return True
    return _is_doc_file(parts[-1])
