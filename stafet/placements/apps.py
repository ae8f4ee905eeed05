from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "stafet.placements"
    label = "placements"
