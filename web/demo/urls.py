from django.urls import path

from . import views

urlpatterns = [path("guide/dismiss/", views.guide_dismiss, name="guide_dismiss")]
