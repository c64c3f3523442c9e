from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ScopeLoadingBackend(ModelBackend):
    """Loads the user's profile and scope node with the user: every view needs them."""

    def get_user(self, user_id):
        user = self.user_queryset().filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None

    def user_queryset(self):
        return get_user_model()._default_manager.select_related("profile__scope")
