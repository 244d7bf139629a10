"""Who holds a board's seats, the balance rules, and members' register of interests."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from governance import forms, rules, selectors, services
from governance.models.boards import BalanceKind
from governance.views.boards import _url
from partnership.access import partnership_view
from partnership.views.form_pages import form_page, posted


def _warn(request, warnings):
    for warning in warnings:
        messages.warning(request, f"Balance: {warning}")


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def membership_add(request, ctx, board_id, seat_id):
    board = selectors.board_for(ctx, board_id)
    seat = selectors.seat_for(board, seat_id)
    rules.require_clerk(ctx)
    form = forms.MembershipForm(
        posted(request),
        people=selectors.partnership_people(ctx),
        initial={"starts_on": timezone.localdate()},
    )

    def save(d):
        membership, warnings = services.membership_add(
            actor=request.user,
            ctx=ctx,
            seat=seat,
            user=d["user"],
            starts_on=d["starts_on"],
            reason=d["reason"],
        )
        _warn(request, warnings)
        return membership

    return form_page(
        request,
        form,
        save=save,
        success=lambda m: f"{m.user} now holds the seat {seat}.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={"title": f"Who holds the seat: {seat}", "board": board},
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def membership_end(request, ctx, board_id, membership_id):
    board = selectors.board_for(ctx, board_id)
    membership = selectors.membership_for(board, membership_id)
    rules.require_clerk(ctx)
    form = forms.MembershipEndForm(posted(request))

    def save(d):
        _warn(
            request,
            services.membership_end(
                actor=request.user, ctx=ctx, membership=membership, ends_on=d["ends_on"], reason=d["reason"]
            ),
        )
        return membership

    return form_page(
        request,
        form,
        save=save,
        success=f"{membership.user} has left the seat.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={
            "title": f"{membership.user} leaves the board",
            "board": board,
            "warning": True,
            "button": "Record that they left",
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def balance(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_clerk(ctx)
    current = selectors.balance_rules(board)
    initial = {
        "la_share": BalanceKind.LA_SHARE in current,
        "max_percent": current[BalanceKind.LA_SHARE].max_percent if BalanceKind.LA_SHARE in current else 30,
        "chair_school_leader": BalanceKind.CHAIR_SCHOOL_LEADER in current,
    }
    form = forms.BalanceForm(posted(request), initial=initial)

    def save(d):
        services.balance_rule_save(
            actor=request.user,
            ctx=ctx,
            board=board,
            kind=BalanceKind.LA_SHARE,
            max_percent=d.get("max_percent"),
            enabled=d["la_share"],
        )
        _warn(
            request,
            services.balance_rule_save(
                actor=request.user,
                ctx=ctx,
                board=board,
                kind=BalanceKind.CHAIR_SCHOOL_LEADER,
                max_percent=None,
                enabled=d["chair_school_leader"],
            ),
        )
        return board

    return form_page(
        request,
        form,
        save=save,
        success="The balance rules have been saved.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={
            "title": "Balance rules",
            "board": board,
            "intro": "Checked whenever membership changes. For example, the Rotherham consultation asked that the LA hold no more than 30% of the seats, and that a school leader chair the board.",
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["GET", "POST"])
def interest_new(request, ctx, board_id):
    board = selectors.board_for(ctx, board_id)
    rules.require_member(ctx, board, "only members keep a register of interests")
    form = forms.InterestForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda d: services.interest_add(
            actor=request.user, ctx=ctx, board=board, description=d["description"]
        ),
        success="Your interest is on the register.",
        next_url=_url(ctx, "board", board_id=board.pk),
        template="governance/form.html",
        context={
            "title": "Add to your register of interests",
            "board": board,
            "intro": "Your register carries over from meeting to meeting. Declare an interest in a particular item on the meeting's page.",
        },
    )


@partnership_view(roles=rules.PAGE_ROLES)
@require_http_methods(["POST"])
def interest_end(request, ctx, board_id, interest_id):
    board = selectors.board_for(ctx, board_id)
    interest = selectors.own_interest_for(ctx, board, interest_id)
    services.interest_end(actor=request.user, ctx=ctx, interest=interest)
    messages.success(request, "The interest is marked as ended.")
    return redirect(_url(ctx, "board", board_id=board.pk))
