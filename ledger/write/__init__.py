"""The write side: the event-sourced application and the batched event writer."""
