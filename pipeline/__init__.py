"""The project's spaCy pipeline: built from the page's terms (`python -m pipeline.build`), and
the Rasa component that turns its matches into entities and puts emergencies first."""
