"""Sample rules for a bilingual (English/French) Québec brand, one per rule kind.

Plain dicts so the demo seed command can turn them into database rows. Each is one the
rule form opens in words: the hashtags are counted with the form's own pattern.
"""

from socialgov.checks.counted import PATTERNS

SAMPLE_RULES: list[dict] = [
    {
        "name": "Off-brand words",
        "kind": "banned_terms",
        "params": {
            "terms": [
                "cheap",
                "pas cher",
                "bon marché",
                "guaranteed",
                "garanti à 100 %",
                "best in the world",
                "meilleur au monde",
                "miracle",
                "free shipping",
            ],
            "exceptions": [],
        },
        "severity": "error",
        "message_en": "“%s” doesn't fit our tone: we never sell on price or promise miracles.",
        "message_fr": "« %s » ne correspond pas à notre ton : on ne vend ni le prix ni le miracle.",
        "suggestion_en": "Describe the value instead of “%s”.",
        "suggestion_fr": "Décrivez la valeur plutôt que « %s ».",
    },
    {
        "name": "Preferred wording",
        "kind": "substitution",
        "params": {
            "swap": {
                "utilize": "use",
                "leverage": "use",
                "e-mail": "courriel",
                "week-end": "fin de semaine",
            },
        },
        "severity": "warning",
        "message_en": "Our style guide prefers another word than “%s”.",
        "message_fr": "Notre guide de rédaction préfère un autre mot que « %s ».",
        "suggestion_en": "Use “%s”",
        "suggestion_fr": "Utilisez « %s »",
    },
    {
        "name": "At most two hashtags",
        "kind": "max_count",
        "params": {"pattern": PATTERNS["hashtags"], "max": 2, "ignorecase": False},
        "severity": "warning",
        "message_en": "More than two hashtags: “%s” is one too many.",
        "message_fr": "Plus de deux mots-clics : « %s » est de trop.",
        "suggestion_en": "Keep the two most relevant hashtags.",
        "suggestion_fr": "Gardez les deux mots-clics les plus pertinents.",
    },
    {
        "name": "Fits every network",
        "kind": "max_length",
        "params": {
            "limits": {
                "x": 280,
                "linkedin": 3000,
                "facebook": 63206,
                "instagram": 2200,
                "threads": 500,
                "bluesky": 300,
                "mastodon": 500,
            }
        },
        "severity": "error",
        "message_en": "",
        "message_fr": "",
        "suggestion_en": "Shorten the post for %s.",
        "suggestion_fr": "Raccourcissez la publication pour %s.",
    },
]
