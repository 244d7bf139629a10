"""A consultation at scale. Issue: with 5,000 responses and 20,000 comments, the analysis page serves
in at most 300 ms at the 95th percentile, and the published PDF is generated in at most 10 s.

Run: DATABASE_URL=postgres://... python bench/consultation_analysis.py
"""

from __future__ import annotations

import datetime as dt
import random
import time

from setup_django import fresh_database, percentile

REQUESTS = 100
RESPONSES = 5_000
COMMENTS = 20_000


def main() -> None:
    fresh_database()
    from django.db import connection
    from django.test import Client

    from consultation.demo import leep_2013_questionnaire
    from consultation.models import Answer, Question, Response
    from consultation.services import summary_pdf
    from partnership.models import LocalAuthority, Partnership, Role, RoleAssignment, User

    random.seed(6)
    partnership = Partnership.objects.create(name="Bench Partnership", short_name="Bench", slug="leep")
    LocalAuthority.objects.create(code="855", name="Leicestershire", partnership=partnership)
    officer = User.objects.create_user("officer@bench.test", "bench-password-123", full_name="Bench Officer")
    RoleAssignment.objects.create(user=officer, partnership=partnership, role=Role.LA_OFFICER)
    today = dt.date.today()
    consultation = leep_2013_questionnaire(
        partnership=partnership,
        actor=officer,
        opens_on=today - dt.timedelta(days=60),
        closes_on=today - dt.timedelta(days=1),
    )
    questions = list(Question.objects.filter(section__consultation=consultation).select_related("section"))
    started = time.perf_counter()
    kinds = ["headteacher", "governor", "teacher", "parent", "diocese", "la_staff"]
    channels = ["online"] * 8 + ["briefing", "email"]
    responses = Response.objects.bulk_create(
        [
            Response(
                consultation=consultation,
                channel=random.choice(channels),
                respondent_kind=random.choice(kinds),
                status="submitted",
            )
            for _ in range(RESPONSES)
        ],
        batch_size=5000,
    )
    choices = ["agree", "agree", "partly_agree", "disagree", "dont_know", ""]
    answers = []
    with_comment = set(random.sample(range(RESPONSES * len(questions)), COMMENTS))
    index = 0
    for response in responses:
        for question in questions:
            comment = (
                f"Comment {index}: the partnership should think about capacity and results."
                if index in with_comment
                else ""
            )
            choice = random.choice(choices) if question.kind == "scale" else ""
            answers.append(
                Answer(
                    response=response,
                    question=question,
                    section=question.section,
                    choice=choice,
                    comment=comment,
                )
            )
            index += 1
    Answer.objects.bulk_create(answers, batch_size=10_000)
    for answer in Answer.objects.exclude(comment="").order_by("?")[:40]:
        answer.is_sample, answer.published_comment = True, answer.comment
        answer.save()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    comments = Answer.objects.exclude(comment="").count()
    print(
        f"Loaded {len(responses):,} responses, {len(answers):,} answers and {comments:,} comments in {time.perf_counter() - started:.0f} s."
    )

    client = Client()
    client.force_login(officer)
    url = f"/p/leep/consultations/{consultation.pk}/analysis/"
    executed: list[str] = []

    def count(execute, sql, *args):
        executed.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    p95 = percentile(times, 95)
    print(
        f"Analysis page, {REQUESTS} requests: p50 {percentile(times, 50):.0f} ms, p95 {p95:.0f} ms ({'within' if p95 <= 300 else 'OVER'} 300 ms), {len(executed)} queries"
    )
    comments_url = f"/p/leep/consultations/{consultation.pk}/comments/"
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(comments_url)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"Comments page, {REQUESTS} requests: p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms"
    )

    consultation.status, consultation.published_on = "closed", today
    consultation.save()
    start = time.perf_counter()
    summary_pdf(consultation)
    seconds = time.perf_counter() - start
    print(f"Published PDF generated in {seconds:.1f} s ({'within' if seconds <= 10 else 'OVER'} 10 s)")
    start = time.perf_counter()
    summary_pdf(consultation)
    print(f"Asked for again, unchanged: {time.perf_counter() - start:.2f} s (the stored file is served)")


if __name__ == "__main__":
    main()
