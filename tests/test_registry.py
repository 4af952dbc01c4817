import pytest

from mmocr.registry import (
    MODELS,
    Registry,
    UnknownKeyError,
    accepted_args,
    build_from_cfg,
    check_kwargs,
    strict_kwargs,
)


def make_registry():
    reg = Registry('toy')

    @reg.register_module()
    class Adder:
        def __init__(self, a: int, b: int = 1):
            self.total = a + b

    @reg.register_module(name=['Mul', 'Times'])
    class Multiplier:
        def __init__(self, a: int, b: int = 2):
            self.total = a * b

    return reg, Adder


def test_build_with_default_args_and_aliases():
    reg, adder_cls = make_registry()
    obj = build_from_cfg(dict(type='Adder', a=2), reg, default_args=dict(b=5))
    assert isinstance(obj, adder_cls) and obj.total == 7
    # cfg wins over default_args
    assert build_from_cfg(dict(type='Adder', a=2, b=1), reg, dict(b=5)).total == 3
    assert build_from_cfg(dict(type='Times', a=3), reg).total == 6
    assert build_from_cfg(dict(type=adder_cls, a=1), reg).total == 2
    assert len(reg) == 3 and 'Mul' in reg


def test_scope_prefix_resolves_to_own_implementation():
    reg, adder_cls = make_registry()
    assert reg.get('mmdet.Adder') is adder_cls
    assert reg.get('mmcv.Adder') is adder_cls
    assert reg.get('unknownscope.Adder') is None


def test_unknown_type_names_registry_and_suggests():
    reg, _ = make_registry()
    with pytest.raises(KeyError, match=r'"Addr" is not registered in registry '
                       r'"toy"\. Did you mean: Adder'):
        build_from_cfg(dict(type='Addr', a=1), reg)


def test_missing_type_and_bad_args():
    reg, _ = make_registry()
    with pytest.raises(KeyError, match='no "type" key'):
        build_from_cfg(dict(a=1), reg)
    with pytest.raises(TypeError, match=r'Adder \(registry "toy"\).*c'):
        build_from_cfg(dict(type='Adder', a=1, c=3), reg)
    with pytest.raises(TypeError, match='cfg must be a dict'):
        build_from_cfg(['Adder'], reg)


def test_duplicate_registration_needs_force():
    reg, _ = make_registry()
    with pytest.raises(KeyError, match='already registered'):
        reg.register_module(name='Adder', module=dict)
    reg.register_module(name='Adder', module=dict, force=True)
    assert reg.get('Adder') is dict


def test_model_subregistries_are_one_registry():
    from mmocr import registry
    assert registry.BACKBONES is MODELS and registry.DETECTORS is MODELS
    assert registry.LOSSES is MODELS and registry.RECOGNIZERS is MODELS


def make_strict_registry():
    reg = Registry('strict')

    @reg.register_module()
    class Base:
        def __init__(self, depth: int = 1, width: int = 2):
            self.depth, self.width = depth, width

    @reg.register_module()
    class Child(Base):
        """Takes **kwargs and passes them to its parent."""

        def __init__(self, extra: int = 0, **kwargs):
            super().__init__(**kwargs)
            self.extra = extra

    @reg.register_module()
    class Forwarder:
        """Forwards arbitrary kwargs to a third-party callee."""

        forwards_kwargs = True

        def __init__(self, op: str, **kwargs):
            self.kwargs = kwargs

    @reg.register_module()
    class Composer:
        """Builds its part, passing ``depth`` and ``size`` to it when the
        part declares them."""

        def __init__(self, part: dict, note: str = ''):
            self.part = build_from_cfg(part, reg, optional_args=dict(
                depth=7, size=3))

    return reg


def test_unknown_key_names_key_class_registry_and_closest_names():
    reg = make_strict_registry()
    with pytest.raises(UnknownKeyError) as info:
        build_from_cfg(dict(type='Base', deph=3, bogus=1), reg)
    err = info.value
    assert isinstance(err, KeyError) and isinstance(err, TypeError)
    assert err.keys == ['deph', 'bogus'] and err.key == 'deph'
    message = str(err)
    assert message.startswith('Base (registry "strict") got unknown arguments')
    assert "'deph' (did you mean 'depth'?)" in message
    assert "'bogus'" in message and 'accepted: depth, width' in message


def test_kwargs_passed_to_the_parent_are_checked_against_the_parent():
    reg = make_strict_registry()
    obj = build_from_cfg(dict(type='Child', extra=1, depth=4), reg)
    assert (obj.extra, obj.depth) == (1, 4)
    assert accepted_args(reg.get('Child')) == ({'extra', 'depth', 'width'},
                                               False)
    with pytest.raises(UnknownKeyError, match="'widht' \\(did you mean "
                       "'width'\\?\\).*accepted: depth, extra, width"):
        build_from_cfg(dict(type='Child', widht=1), reg)


def test_forwarding_class_accepts_extras_for_its_callee():
    reg = make_strict_registry()
    obj = build_from_cfg(dict(type='Forwarder', op='x', anything=1), reg)
    assert obj.kwargs == dict(anything=1)
    with pytest.raises(UnknownKeyError, match="'k'"):
        check_kwargs(lambda a=1: a, dict(k=1))


def test_composer_passes_only_declared_optional_args_and_names_path():
    reg = make_strict_registry()
    # Base declares depth (set, overriding the config) but not size
    obj = build_from_cfg(dict(type='Composer',
                              part=dict(type='Base', depth=1)), reg)
    assert obj.part.depth == 7 and not hasattr(obj.part, 'size')
    with pytest.raises(UnknownKeyError) as info:
        build_from_cfg(dict(type='Composer', part=dict(
            type='Composer', part=dict(type='Base', bogus=1))), reg,
            cfg_path='model')
    assert info.value.path_text == 'model.part.part.bogus'
    assert 'at model.part.part.bogus' in str(info.value)
    # the key is rejected before the part is constructed
    calls = []
    reg.register_module(name='Spy', module=lambda a=1: calls.append(a))
    with pytest.raises(UnknownKeyError):
        build_from_cfg(dict(type='Spy', b=2), reg)
    assert calls == []


def test_strict_kwargs_decorator_names_accepted_arguments():
    @strict_kwargs
    def evaluate(results, metric='acc', logger=None):
        return metric

    assert evaluate([], metric='x') == 'x'
    with pytest.raises(UnknownKeyError, match="'metrc' \\(did you mean "
                       "'metric'\\?\\).*accepted: logger, metric, results"):
        evaluate([], metrc='x')


def test_renamed_args_are_read_once_in_the_registry():
    """mmcv's deprecated argument names of 0.x configs (RoIAlign's
    ``sample_num``) are renamed by the registry, with a warning."""
    import mmocr.models  # noqa: F401  (registers RoIAlign)
    from mmocr.registry import ROI_EXTRACTORS, build_from_cfg
    with pytest.warns(DeprecationWarning, match="'sample_num' is deprecated"):
        layer = build_from_cfg(dict(type='RoIAlign', output_size=7,
                                    sample_num=2), ROI_EXTRACTORS)
    assert layer.sampling_ratio == 2
    with pytest.warns(DeprecationWarning, match="'out_size'"):
        assert build_from_cfg(dict(type='RoIAlign', out_size=5),
                              ROI_EXTRACTORS).output_size == (5, 5)
    with pytest.raises(TypeError, match="both 'sample_num' and "
                       "'sampling_ratio'"):
        build_from_cfg(dict(type='RoIAlign', output_size=7, sample_num=2,
                            sampling_ratio=2), ROI_EXTRACTORS)
