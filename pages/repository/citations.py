"""A resource's citation as plain text, BibTeX and RIS."""

import re


def _publisher_name(resource):
    return resource.publisher.name if resource.publisher else ""


def _link(resource, absolute_url=""):
    if resource.is_doi:
        return f"https://doi.org/{resource.identifier}"
    return resource.external_url or absolute_url


def plain_citation(resource, absolute_url=""):
    """Author(s) (Year). Title. Publisher. Link — close to APA for grey literature."""
    authors = "; ".join(resource.author_list) or _publisher_name(resource)
    parts = [f"{authors} ({resource.year})." if authors else f"({resource.year}).", f"{resource.title}."]
    if resource.author_list and resource.publisher:
        parts.append(f"{_publisher_name(resource)}.")
    if resource.identifier and not resource.is_doi:
        parts.append(f"{resource.identifier}.")
    link = _link(resource, absolute_url)
    if link:
        parts.append(link)
    return " ".join(parts)


def _bibtex_escape(value: str) -> str:
    value = value.replace("\\", "\\textbackslash{}")
    return re.sub(r"([{}&%$#_])", r"\\\1", value)


def bibtex(resource, absolute_url=""):
    key = re.sub(r"[^A-Za-z0-9]", "", (resource.publisher.short_name if resource.publisher else "resource"))
    fields = [("title", resource.title)]
    if resource.author_list:
        fields.append(("author", " and ".join(resource.author_list)))
    else:
        fields.append(("author", "{" + _publisher_name(resource) + "}"))
    fields += [("year", str(resource.year)), ("institution", _publisher_name(resource))]
    if resource.is_doi:
        fields.append(("doi", resource.identifier))
    elif resource.identifier:
        fields.append(("number", resource.identifier))
    link = _link(resource, absolute_url)
    if link:
        fields.append(("url", link))
    lines = [f"@techreport{{{key}{resource.year}_{resource.pk},"]
    for name, value in fields:
        if not value:
            continue
        escaped = value if name in ("url", "doi") else _bibtex_escape(value)
        if name == "author" and not resource.author_list:
            escaped = "{" + _bibtex_escape(_publisher_name(resource)) + "}"
        lines.append(f"  {name} = {{{escaped}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(resource, absolute_url=""):
    lines = ["TY  - RPRT", f"TI  - {resource.title}"]
    lines += [f"AU  - {author}" for author in resource.author_list]
    if resource.publisher:
        lines.append(f"PB  - {resource.publisher.name}")
    lines.append(f"PY  - {resource.year}")
    lines.append(f"DA  - {resource.publication_date:%Y/%m/%d}")
    if resource.is_doi:
        lines.append(f"DO  - {resource.identifier}")
    elif resource.identifier:
        lines.append(f"SN  - {resource.identifier}")
    link = _link(resource, absolute_url)
    if link:
        lines.append(f"UR  - {link}")
    if resource.summary:
        lines.append(f"AB  - {' '.join(resource.summary.split())}")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"
