"""Boards: the list, setting one up, its page, its terms of reference and seats."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from governance import forms, rules, selectors, services
from partnership.access import PartnershipContext, partnership_view
from partnership.views.form_pages import form_page, posted


def _url(ctx, name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"partnership_slug": ctx.partnership.slug, **kwargs})


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def board_list(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    boards = list(selectors.boards_for(ctx))
    rules.require_sight_of_boards(ctx, boards)
    return render(
        request, "governance/board_list.html", {"boards": boards, "may_set_up": rules.is_clerk(ctx)}
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def board_edit(request: HttpRequest, ctx: PartnershipContext, board_id: int | None = None) -> HttpResponse:
    instance = selectors.board_for(ctx, board_id) if board_id else None
    rules.require_clerk(ctx)
    form = forms.BoardForm(posted(request), instance=instance, clerks=selectors.clerk_candidates(ctx))
    return form_page(
        request,
        form,
        save=lambda data: services.board_save(
            actor=request.user, ctx=ctx, board=form.save(commit=False), reason=data["reason"]
        ),
        success="The board has been saved.",
        next_url=lambda b: _url(ctx, "board", board_id=b.pk),
        template="governance/form.html",
        context={"title": "Change the board" if board_id else "Set up a board"},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_GET
def board_detail(request: HttpRequest, ctx: PartnershipContext, board_id: int) -> HttpResponse:
    page = selectors.board_page(ctx, board_id)
    return render(
        request,
        "governance/board_detail.html",
        {
            **page,
            "may": rules.board_actions(ctx, page["board"]),
            "own_interests": {i.pk for i in page["interests"] if rules.may_end_interest(ctx, i)},
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def terms_adopt(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_clerk(ctx)
    form = forms.TermsForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda d: services.terms_adopt(
            actor=request.user,
            ctx=ctx,
            board=board,
            adopted_on=d["adopted_on"],
            text=d["text"],
            reason=d["reason"],
        ),
        success="The terms of reference have been recorded.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={"title": "Record adopted terms of reference", "board": board},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def seat_add(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_clerk(ctx)
    form = forms.SeatForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda d: services.seat_save(
            actor=request.user, ctx=ctx, board=board, seat=form.save(commit=False), reason=d["reason"]
        ),
        success="The seat has been added.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={"title": "Add a seat", "board": board},
    )
