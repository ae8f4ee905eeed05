from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stafet.placements.access import get_opening_for_user, openings_for_user, placements_for_user


@login_required
def opening_list(request: HttpRequest) -> HttpResponse:
    openings = openings_for_user(request.user).annotate(candidates=Count("placements"))
    return render(request, "placements/openings.html", {"openings": openings})


@login_required
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opening = get_opening_for_user(request.user, pk)
    # Only the candidates this user may see: a company sees those presented to it, not the whole pool.
    placements = placements_for_user(request.user).filter(opening=opening).order_by("-score", "participant__last_name")
    return render(request, "placements/opening.html", {"opening": opening, "placements": placements})
