from .fc_decoder import FCDecoder

__all__ = ['FCDecoder']
