"""Reading one PDF in a child process with limits, so a hostile file costs at most a few
seconds of one worker and never the worker itself.

The parent (`extract_facts`, `render_thumbnail`) sends the file's bytes on stdin to
`python -m pages.pdf_sandbox <job>`; the child lowers its own CPU-time and address-space
limits before importing the PDF libraries, does the job and prints JSON. A child that runs
out of time or memory is killed by the kernel (or by the parent's wall-clock timeout) and
the parent raises `PdfNotProcessed`."""

import base64
import io
import json
import resource
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
THUMBNAIL_WIDTH = 600


class PdfNotProcessed(Exception):
    """The file broke a limit or could not be read; the reason is for logs and staff."""


def _limits():
    from django.conf import settings

    return (
        settings.PDF_WORKER_CPU_SECONDS,
        settings.PDF_WORKER_MEMORY_MB,
        settings.PDF_WORKER_WALL_SECONDS,
    )


def _run_child(job: str, data: bytes) -> dict:
    cpu_seconds, memory_mb, wall_seconds = _limits()
    command = [sys.executable, "-m", "pages.pdf_sandbox", job, str(cpu_seconds), str(memory_mb)]
    try:
        finished = subprocess.run(
            command, input=data, capture_output=True, timeout=wall_seconds, cwd=PROJECT_ROOT, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise PdfNotProcessed(f"took longer than {wall_seconds} s") from error
    if finished.returncode < 0:
        raise PdfNotProcessed(f"stopped by signal {-finished.returncode} (CPU or memory limit)")
    try:
        answer = json.loads(finished.stdout)
    except ValueError as error:
        tail = finished.stderr.decode(errors="replace")[-300:]
        raise PdfNotProcessed(f"exit status {finished.returncode}: {tail}") from error
    if "error" in answer:
        raise PdfNotProcessed(answer["error"])
    return answer


def extract_facts(data: bytes):
    """PdfFacts (page count and text) read within the limits, else PdfNotProcessed."""
    from pages.pdf import PdfFacts

    answer = _run_child("text", data)
    return PdfFacts(page_count=answer["page_count"], text=answer["text"])


def render_thumbnail(data: bytes) -> bytes:
    """The first page as a PNG THUMBNAIL_WIDTH pixels wide, else PdfNotProcessed."""
    return base64.b64decode(_run_child("thumbnail", data)["png"])


# The child side.


def _limit_self(cpu_seconds: int, memory_mb: int):
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _text_job(data: bytes) -> dict:
    from pages.pdf import InvalidPdf, read_pdf

    try:
        facts = read_pdf(io.BytesIO(data))
    except InvalidPdf:
        return {"error": "not a readable PDF"}
    return {"page_count": facts.page_count, "text": facts.text}


def _thumbnail_job(data: bytes) -> dict:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
        try:
            page = pdf[0]
            image = page.render(scale=THUMBNAIL_WIDTH / page.get_width()).to_pil().convert("RGB")
        finally:
            pdf.close()
    except pypdfium2.PdfiumError:
        return {"error": "first page could not be rendered"}
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return {"png": base64.b64encode(buffer.getvalue()).decode()}


JOBS = {"text": _text_job, "thumbnail": _thumbnail_job}


def main(job: str, cpu_seconds: str, memory_mb: str):
    data = sys.stdin.buffer.read()
    _limit_self(int(cpu_seconds), int(memory_mb))
    try:
        answer = JOBS[job](data)
    except MemoryError:
        answer = {"error": "memory limit reached"}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:4])
