from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "stafet.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Each app tells its own news: its ``notices`` and ``reminders`` modules register the labels of its codes,
        # its daily rules and its calendar entries here. Loading them the way the admin loads ``admin`` modules
        # keeps this app below the ones it serves (they import it; it never imports them).
        autodiscover_modules("notices", "reminders")
