"""An event-sourced pizza shop: orders, validation and an order status view."""
