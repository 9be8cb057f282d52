"""Reading an Atom feed the way a feed reader does: parsed XML, not strings."""

import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_feed(response) -> tuple[ET.Element, list[dict]]:
    """(the <feed> element, its entries as {title, link, id, published, updated, author, summary})."""
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "link": entry.find(f"{ATOM}link").get("href"),
                "id": entry.findtext(f"{ATOM}id"),
                "published": entry.findtext(f"{ATOM}published"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
                "summary": entry.findtext(f"{ATOM}summary"),
                "summary_type": entry.find(f"{ATOM}summary").get("type"),
            }
        )
    return root, entries


def ingest_records(tmp_path, records) -> None:
    """Ingest JSON records for real (cleaning, entities, index), as an editor's file would be."""
    import io
    import json

    from django.core.management import call_command

    path = tmp_path / "records.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    call_command("ingest", str(path), "--no-progress", stdout=io.StringIO())
