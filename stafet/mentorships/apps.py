from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "stafet.mentorships"
    label = "mentorships"
