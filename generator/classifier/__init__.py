"""The tactic classifier: the engine that `glossary classify` and the site's widget share."""
