"""Statistics of invitations: the figures (queries), their CSV (exports) and charts, the
worker's "Mes statistiques" page (views, forms) and the département admin page (admin)."""
