from django.urls import path

from glimmers.practice import views

app_name = "practice"

urlpatterns = [
    path("", views.today, name="today"),
    path("today/intention/", views.set_intention, name="set_intention"),
    path("today/intention/clear/", views.clear_intention, name="clear_intention"),
    path("today/reflect/", views.reflect, name="reflect"),
    path("reflections/", views.reflections, name="reflections"),
    path("prompts/", views.prompt_library, name="prompts"),
    path("prompts/<int:prompt_id>/toggle/", views.prompt_toggle, name="prompt_toggle"),
    path("prompts/skip/<str:category>/", views.skip_prompt, name="skip_prompt"),
    path("glimmers/<str:glimmer_id>/stay/", views.anchor, name="anchor"),
    path("remember/senses/", views.trace, name="trace"),
    path("remember/hard-time/", views.hard_time, name="hard_time"),
    path("menu/", views.glimmer_menu, name="menu"),
    path("menu/decide/", views.decide_suggestion, name="decide"),
    path("menu/grounding/", views.grounding, name="grounding"),
    path("question/", views.question, name="question"),
    path("question/<int:answer_id>/delete/", views.question_delete, name="question_delete"),
    path("values/", views.values, name="values"),
    path("values/<int:value_id>/", views.value_detail, name="value"),
    path("values/<int:value_id>/delete/", views.value_delete, name="value_delete"),
]
