"""The batch tester of `make ask` in the browser: upload a text or CSV file of questions, watch
it run, download the results as the same CSV (tools/staff/ask.py reads the file and writes
the results, so both give the same columns).

A run belongs to the login that started it and lives in the console's memory until the
console stops; the questions go to the console's test assistant, one at a time.
"""

from __future__ import annotations

import io
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field

import requests
from aiohttp import web

from tools.staff.ask import AskError, Result, ask_one, questions_in, write_rows
from tools.staff.console.pages import page
from tools.staff.console.security import account_of
from tools.staff.console.test_pane import ASSISTANT
from tools.staff.console.tester import ConsoleAssistant, NotReady

MAX_QUESTIONS = 1000
MAX_UPLOAD_BYTES = 1024 * 1024
KEEP_JOBS = 10  # runs kept per login
JOBS = web.AppKey("batch_jobs", dict)


@dataclass
class BatchJob:
    id: str
    owner: int
    file_name: str
    questions: list[str]
    results: list[Result] = field(default_factory=list)
    problem: str = ""
    done: bool = False

    @property
    def intents(self) -> list[tuple[str, int]]:
        return Counter(r.parse.intent for r in self.results).most_common()


def run_job(job: BatchJob, assistant: ConsoleAssistant) -> None:
    try:
        bot = assistant.bot
        for question in job.questions:
            job.results.append(ask_one(bot, question))
    except NotReady as error:
        job.problem = str(error)
    except (requests.RequestException, ValueError) as error:
        job.problem = (f"The test assistant stopped answering ({type(error).__name__}) "
                       f"after {len(job.results)} question(s).")
    finally:
        job.done = True


async def batch_form(request: web.Request) -> web.Response:
    jobs = [j for j in request.app[JOBS].values() if j.owner == account_of(request).id]
    return page(request, "batch.html.j2", "Batch tester", problem="", jobs=list(reversed(jobs)),
                max_questions=MAX_QUESTIONS, assistant_status=request.app[ASSISTANT].status_text())


async def start_batch(request: web.Request) -> web.Response:
    form = await request.post()
    upload = form.get("questions")
    jobs = [j for j in request.app[JOBS].values() if j.owner == account_of(request).id]
    def refuse(problem: str) -> web.Response:
        return page(request, "batch.html.j2", "Batch tester", status=400, problem=problem, jobs=list(reversed(jobs)),
                    max_questions=MAX_QUESTIONS, assistant_status=request.app[ASSISTANT].status_text())

    if not isinstance(upload, web.FileField) or not upload.filename:
        return refuse("Choose a file of questions first (.txt, one a line, or .csv with a 'question' column).")
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return refuse("The file is larger than 1 MB: split it into smaller files.")
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:120]
    try:
        text = data.decode("utf-8-sig")  # -sig: files saved by Excel start with a BOM
    except UnicodeDecodeError:
        return refuse(f"{name}: not a UTF-8 text file (save it as UTF-8 text or CSV).")
    try:
        questions = questions_in(text, name)
    except AskError as error:
        return refuse(str(error))
    if len(questions) > MAX_QUESTIONS:
        return refuse(f"{name} has {len(questions)} questions; at most {MAX_QUESTIONS} go in one run.")
    job = BatchJob(secrets.token_urlsafe(12), account_of(request).id, name, questions)
    for old in [j for j in jobs if j.done][:-(KEEP_JOBS - 1)]:  # the oldest finished runs go
        del request.app[JOBS][old.id]
    request.app[JOBS][job.id] = job
    threading.Thread(target=run_job, args=(job, request.app[ASSISTANT]), name="batch", daemon=True).start()
    raise web.HTTPSeeOther(f"/test/batch/{job.id}")


def job_of(request: web.Request) -> BatchJob:
    job = request.app[JOBS].get(request.match_info["job"])
    if job is None or job.owner != account_of(request).id:
        raise web.HTTPNotFound(text="No such batch run (runs are kept until the console restarts).")
    return job


async def job_page(request: web.Request) -> web.Response:
    job = job_of(request)
    return page(request, "batch_job.html.j2", f"Batch run: {job.file_name}", job=job,
                total=len(job.questions), answered=len(job.results))


async def job_csv(request: web.Request) -> web.Response:
    job = job_of(request)
    buffer = io.StringIO()
    write_rows(job.results, buffer)
    stem = job.file_name.rsplit(".", 1)[0] or "questions"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)
    return web.Response(text=buffer.getvalue(), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{safe}-results.csv"'})
