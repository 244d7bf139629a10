"""A person's messages in a partnership, and how they hear of them by email."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnership import rules, selectors, services
from partnership.access import PartnershipContext, partnership_view
from partnership.forms.account import EmailChoicesForm
from partnership.views.form_pages import form_page, posted

MESSAGES_PAGE_SIZE = 25


@partnership_view(roles=rules.ALL_ROLES)
@require_GET
def messages(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    page = Paginator(selectors.my_messages(request.user, ctx), MESSAGES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "partnership/messages.html", {"page": page})


@partnership_view(roles=rules.ALL_ROLES)
@require_POST
def messages_read(request: HttpRequest, ctx: PartnershipContext) -> HttpResponse:
    count = services.messages_read(user=request.user, partnership=ctx.partnership)
    flash.success(request, f"{count} message{'s' if count != 1 else ''} marked as read.")
    return redirect("partnership:messages", partnership_slug=ctx.partnership.slug)


@login_required
@require_http_methods(["GET", "POST"])
def email_choices(request: HttpRequest) -> HttpResponse:
    form = EmailChoicesForm(posted(request), current=selectors.email_choices_of(request.user))
    return form_page(
        request,
        form,
        save=lambda data: services.email_choices_save(user=request.user, choices=form.choices()),
        success="How you hear of messages has been saved.",
        next_url=reverse("account:account"),
        template="partnership/account/email_choices.html",
    )
