"""Line roles: which lines are title, metadata, site chrome, body or appended content.

``classify`` runs the passes over a document; ``rules`` loads the site rules (data files under
``rules/``); ``shapes``, ``topic``, ``metadata``, ``appended`` and ``boilerplate`` give the evidence
the passes weigh.
"""
