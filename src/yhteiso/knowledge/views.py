from django.shortcuts import render


def index(request):
    # Placeholder until this app's owner fills it in.
    return render(request, "core/placeholder.html", {"section": "knowledge"})
