//! The annual summary (DOMAIN.md §5): the report's figures for a region's subtree and a year.
