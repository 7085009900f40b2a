from fastapi import FastAPI

app = FastAPI()

# the worker runs the nightly report job
from app.reports import nightly_report  # noqa: E402

JOBS = {"nightly": nightly_report}
