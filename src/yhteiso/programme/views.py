from django.shortcuts import render


def dashboard(request):
    # Placeholder until this app's owner fills it in.
    return render(request, "core/placeholder.html", {"section": "programme"})
