//! Known-answer self test: runs every primitive once (on every compiled backend).
