"""A meeting's papers and its members' agenda pack."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance import forms, pack, rules, selectors, services
from governance.views.meetings import _meeting_form
from partnership.access import partnership_view
from partnership.access_log import RecordType, record_access
from partnership.models import AccessLogEntry
from partnership.uploads import download_name
from partnership.views.form_pages import posted


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def paper_add(request, ctx, meeting_id, item_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    item = selectors.item_for(meeting, item_id)
    rules.require_clerk(ctx)
    rules.require_item_open(ctx, item)
    form = forms.PaperForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
    )
    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: services.paper_add(
            actor=request.user, ctx=ctx, item=item, title=d["title"], upload=d["file"]
        ),
        "The paper has been added.",
        f"Add a paper to: {item}",
        multipart=True,
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def paper_download(request, ctx, meeting_id, paper_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    paper = selectors.paper_for(ctx, meeting, paper_id)
    if paper.item.confidential:
        record_access(
            request,
            action=AccessLogEntry.Action.DOWNLOAD,
            record_type=RecordType.GOVERNANCE_PAPER,
            record_id=paper.pk,
            description=f"{paper.title} (agenda item: {paper.item.title}, meeting {meeting.pk})",
        )
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=download_name(paper.title, Path(paper.file.name).suffix.lower(), fallback="paper"),
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def pack_publish(request, ctx, meeting_id):
    meeting = selectors.meeting_for(ctx, meeting_id)
    rules.require_clerk(ctx)
    form = forms.PublishForm(posted(request))
    late = timezone.now() > services.pack_deadline(meeting)
    return _meeting_form(
        request,
        ctx,
        meeting,
        form,
        lambda m, d: services.pack_publish(
            actor=request.user,
            ctx=ctx,
            meeting=m,
            late_reason=d["late_reason"],
            base_url=request.build_absolute_uri("/"),
        ),
        "The agenda pack is published and the members have been told.",
        "Publish the agenda pack",
        intro=(
            "The pack is late: it was due "
            + f"{timezone.localtime(services.pack_deadline(meeting)):%-d %B %Y}"
            + ". Say why."
        )
        if late
        else "Members are emailed a link. Governors and the public see the agenda without confidential or embargoed items.",
        button="Publish the pack",
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def pack_view(request, ctx, meeting_id, fmt="html"):
    meeting = selectors.meeting_for(ctx, meeting_id)
    # The members' pack holds the confidential items, so every opening of it is logged.
    record_access(
        request,
        action=AccessLogEntry.Action.DOWNLOAD if fmt == "pdf" else AccessLogEntry.Action.VIEW,
        record_type=RecordType.AGENDA_PACK,
        record_id=meeting.pk,
        description=f"Members' agenda pack ({'PDF' if fmt == 'pdf' else 'web page'})",
    )
    if fmt == "pdf":
        response = HttpResponse(
            pack.pack_pdf(meeting, public=False, reader_id=ctx.user_id), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="agenda-pack-{meeting.pk}.pdf"'
        return response
    return HttpResponse(pack.pack_html(meeting, public=False, reader_id=ctx.user_id))
