import pubrelease


def test_public_surface_is_pinned() -> None:
    assert sorted(pubrelease.__all__) == sorted(
        [
            "Consent",
            "FieldValueError",
            "FontCoverageError",
            "Form",
            "FormDefinitionError",
            "ManifestEntry",
            "OutputExistsError",
            "PubreleaseError",
            "Release",
            "RosterEntry",
            "RosterError",
            "__version__",
            "fill",
            "fill_many",
            "load_form",
            "read_roster",
            "Finding",
            "Record",
            "Severity",
            "Source",
            "Status",
            "parse",
            "verify",
        ]
    )
    for name in pubrelease.__all__:
        assert hasattr(pubrelease, name)


def test_errors_share_one_root_and_the_fitting_builtins() -> None:
    assert issubclass(pubrelease.FieldValueError, ValueError)
    assert issubclass(pubrelease.OutputExistsError, FileExistsError)
    for name in (
        "FieldValueError",
        "FontCoverageError",
        "FormDefinitionError",
        "OutputExistsError",
        "RosterError",
    ):
        assert issubclass(getattr(pubrelease, name), pubrelease.PubreleaseError)
