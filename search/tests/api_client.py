"""Calling the search API in tests, and reading what it found."""


def api(client, **params):
    response = client.get("/api/search", params)
    return response.status_code, response.json()


def ids(data):
    """Every article a search found: the results and the versions folded into them."""
    return {r["id"] for r in data["results"]} | {
        v["id"] for r in data["results"] for v in r["other_versions"]
    }
