"""MMOCR 0.x's public names at their 0.x import paths, with 0.x's
parameters.

``API`` is written from MMOCR 0.x's API reference and source (0.6.x): for
each name, its parameters in order (``*args``/``**kwargs`` marked). A 0.x
call keeps working when those names come first, in that order, ``*args``
sits where 0.x has it, ``**kwargs`` is taken where 0.x takes it, and every
parameter ours adds has a default.
``KNOWN_DIFFERENCES`` lists the deliberate exceptions
(docs/en/compatibility.md says why); the test fails if one of them changes.
"""
from __future__ import annotations

import importlib
import inspect

import pytest

from mmocr import digit_version

API: dict[str, dict[str, tuple[str, ...]]] = {
    'mmocr': {
        'digit_version': ('version_str',),
    },
    'mmocr.apis': {
        'model_inference': ('model', 'imgs', 'ann', 'batch_mode',
                            'return_data'),
        'text_model_inference': ('model', 'input_sentence'),
        'init_detector': ('config', 'checkpoint', 'device', 'cfg_options'),
        'train_detector': ('model', 'dataset', 'cfg', 'distributed',
                           'validate', 'timestamp', 'meta'),
        'init_random_seed': ('seed', 'device'),
        'single_gpu_test': ('model', 'data_loader', 'show', 'out_dir',
                            'is_kie', 'show_score_thr'),
        'replace_image_to_tensor': ('cfg', 'set_types'),
        'disable_text_recog_aug_test': ('cfg', 'set_types'),
        'tensor2grayimgs': ('tensor', 'mean', 'std', '**kwargs'),
        'update_pipeline': ('cfg', 'idx'),
        'update_pipeline_recog': ('cfg', 'idx'),
        'retrieve_img_tensor_and_meta': ('data',),
    },
    'mmocr.utils': {
        'Registry': ('name', 'build_func', 'parent', 'scope'),
        'build_from_cfg': ('cfg', 'registry', 'default_args'),
        'get_root_logger': ('log_file', 'log_level'),
        'collect_env': (),
        'is_3dlist': ('x',),
        'is_2dlist': ('x',),
        'is_type_list': ('x', 'type'),
        'is_none_or_type': ('x', 'type'),
        'equal_len': ('*argv',),
        'valid_boundary': ('x', 'with_score'),
        'lmdb_converter': ('img_list_file', 'output', 'batch_size', 'coding',
                           'lmdb_map_size'),
        'recog2lmdb': ('img_root', 'label_path', 'output', 'label_format',
                       'label_only', 'batch_size', 'encoding', 'lmdb_map_size',
                       'verify'),
        'drop_orientation': ('img_file',),
        'is_not_png': ('img_file',),
        'convert_annotations': ('image_infos', 'out_json_name'),
        'list_to_file': ('filename', 'lines'),
        'list_from_file': ('filename', 'encoding'),
        'is_on_same_line': ('box_a', 'box_b', 'min_y_overlap_ratio'),
        'stitch_boxes_into_lines': ('boxes', 'max_x_dist',
                                    'min_y_overlap_ratio'),
        'StringStrip': ('strip', 'strip_pos', 'strip_str'),
        'bezier_to_polygon': ('bezier_points', 'num_sample'),
        'sort_points': ('points',),
        'revert_sync_batchnorm': ('module',),
        'setup_multi_processes': ('cfg',),
        'get_device': (),
        'build_dp': ('model', 'device', 'dim', '*args', '**kwargs'),
        'build_ddp': ('model', 'device', '*args', '**kwargs'),
        'check_image_is_valid': ('imageBin',),
        'parse_line': ('line', 'format'),
        'write_cache': ('env', 'cache'),
        'is_npu_available': (),
        'is_mlu_available': (),
    },
    'mmocr.datasets': {
        'build_dataset': ('cfg', 'default_args'),
        'build_dataloader': ('dataset', 'samples_per_gpu', 'workers_per_gpu',
                             'num_gpus', 'dist', 'shuffle', 'seed',
                             'runner_type', 'persistent_workers',
                             'class_aware_sampler', '**kwargs'),
        'build_loader': ('cfg',),
        'build_parser': ('cfg',),
        'BaseDataset': ('ann_file', 'loader', 'pipeline', 'img_prefix',
                        'test_mode'),
        'OCRDataset': ('ann_file', 'loader', 'pipeline', 'img_prefix',
                       'test_mode'),
        'OCRSegDataset': ('ann_file', 'loader', 'pipeline', 'img_prefix',
                          'test_mode'),
        'TextDetDataset': ('ann_file', 'loader', 'pipeline', 'img_prefix',
                           'test_mode'),
        'NerDataset': ('ann_file', 'loader', 'pipeline', 'img_prefix',
                       'test_mode'),
        'IcdarDataset': ('ann_file', 'pipeline', 'classes', 'data_root',
                         'img_prefix', 'seg_prefix', 'proposal_file',
                         'test_mode', 'filter_empty_gt', 'select_first_k'),
        'KIEDataset': ('ann_file', 'loader', 'dict_file', 'img_prefix',
                       'pipeline', 'norm', 'directed', 'test_mode',
                       '**kwargs'),
        'OpensetKIEDataset': ('ann_file', 'loader', 'dict_file', 'img_prefix',
                              'pipeline', 'norm', 'link_type', 'edge_thr',
                              'test_mode', 'key_node_idx', 'value_node_idx',
                              'node_classes'),
        'UniformConcatDataset': ('datasets', 'separate_eval',
                                 'show_mean_scores', 'pipeline', 'force_apply',
                                 '**kwargs'),
        'AnnFileLoader': ('ann_file', 'parser', 'repeat',
                          'file_storage_backend', 'file_format', '**kwargs'),
        'HardDiskLoader': ('ann_file', 'parser', 'repeat'),
        'LmdbLoader': ('ann_file', 'parser', 'repeat'),
        'LineStrParser': ('keys', 'keys_idx', 'separator', '**kwargs'),
        'LineJsonParser': ('keys',),
        'HardDiskAnnFileBackend': ('file_format',),
        'HTTPAnnFileBackend': ('file_format',),
        'PetrelAnnFileBackend': ('file_format', 'save_dir'),
        'LmdbAnnFileBackend': ('lmdb_path', 'encoding'),
    },
    'mmocr.core': {
        'overlay_mask_img': ('img', 'mask'),
        'show_feature': ('features', 'names', 'to_uint8', 'out_file'),
        'show_img_boundary': ('img', 'boundary'),
        'show_pred_gt': ('preds', 'gts', 'show', 'win_name', 'wait_time',
                         'out_file'),
        'imshow_pred_boundary': ('img', 'boundaries_with_scores', 'labels',
                                 'score_thr', 'boundary_color', 'text_color',
                                 'thickness', 'font_scale', 'show',
                                 'win_name', 'wait_time', 'out_file',
                                 'show_score'),
        'imshow_text_char_boundary': ('img', 'text_quads', 'boundaries',
                                      'char_quads', 'chars', 'show',
                                      'thickness', 'font_scale', 'win_name',
                                      'wait_time', 'out_file'),
        'imshow_text_label': ('img', 'pred_label', 'gt_label', 'show',
                              'win_name', 'wait_time', 'out_file'),
        'imshow_node': ('img', 'result', 'boxes', 'idx_to_cls', 'show',
                        'win_name', 'wait_time', 'out_file'),
        'imshow_edge': ('img', 'result', 'boxes', 'show', 'win_name',
                        'wait_time', 'out_file'),
        'det_recog_show_result': ('img', 'end2end_res', 'out_file'),
        'seg2boundary': ('seg', 'text_repr_type', 'text_score'),
        'points2boundary': ('points', 'text_repr_type', 'text_score',
                            'min_width'),
        'extract_boundary': ('result',),
    },
    'mmocr.core.visualize': {
        'tile_image': ('images',),
        'draw_polygons': ('img', 'polys'),
        'draw_texts': ('img', 'texts', 'boxes', 'draw_box', 'on_ori_img'),
        'draw_texts_by_pil': ('img', 'texts', 'boxes', 'draw_box',
                              'on_ori_img', 'font_size', 'fill_color',
                              'draw_pos', 'return_text_size'),
        'gen_color': (),
        'is_contain_chinese': ('check_str',),
        'get_optimal_font_scale': ('text', 'width'),
        'draw_edge_result': ('img', 'result', 'edge_thresh',
                             'keynode_thresh'),
    },
    'mmocr.core.evaluation.utils': {
        'ignore_pred': ('pred_boxes', 'gt_ignored_index', 'gt_polys',
                        'precision_thr'),
        'compute_hmean': ('accum_hit_recall', 'accum_hit_prec', 'gt_num',
                          'pred_num'),
        'box2polygon': ('box',),
        'points2polygon': ('points',),
        'poly_make_valid': ('poly',),
        'poly_intersection': ('poly_det', 'poly_gt', 'invalid_ret',
                              'return_poly'),
        'poly_union': ('poly_det', 'poly_gt', 'invalid_ret', 'return_poly'),
        'boundary_iou': ('src', 'target', 'zero_division'),
        'poly_iou': ('poly_det', 'poly_gt', 'zero_division'),
        'one2one_match_ic13': ('gt_id', 'det_id', 'recall_mat',
                               'precision_mat', 'recall_thr',
                               'precision_thr'),
        'one2many_match_ic13': ('gt_id', 'recall_mat', 'precision_mat',
                                'recall_thr', 'precision_thr',
                                'gt_match_flag', 'det_match_flag',
                                'det_ignored_index'),
        'many2one_match_ic13': ('det_id', 'recall_mat', 'precision_mat',
                                'recall_thr', 'precision_thr',
                                'gt_match_flag', 'det_match_flag',
                                'gt_ignored_index'),
        'points_center': ('points',),
        'point_distance': ('p1', 'p2'),
        'box_center_distance': ('b1', 'b2'),
        'box_diag': ('box',),
        'filter_2dlist_result': ('results', 'scores', 'score_thr'),
        'filter_result': ('results', 'scores', 'score_thr'),
        'select_top_boundary': ('boundaries_list', 'scores_list',
                                'score_thr'),
        'select_bboxes_via_score': ('bboxes_list', 'scores_list',
                                    'score_thr'),
    },
    'mmocr.core.evaluation.hmean_ic13': {
        'compute_recall_precision': ('gt_polys', 'pred_polys'),
        'eval_hmean_ic13': ('det_boxes', 'gt_boxes', 'gt_ignored_boxes',
                            'precision_thr', 'recall_thr', 'center_dist_thr',
                            'one2one_score', 'one2many_score',
                            'many2one_score'),
    },
    'mmocr.datasets.pipelines': {
        'AffineJitter': ('degrees', 'translate', 'scale', 'shear', 'resample',
                         'fillcolor'),
        'PyramidRescale': ('factor', 'base_shape', 'randomize_factor'),
        'RandomCropInstances': ('target_size', 'instance_key', 'mask_type',
                                'positive_sample_ratio'),
        'TorchVisionWrapper': ('op', '**kwargs'),
        'OneOfWrapper': ('transforms',),
        'RandomWrapper': ('transforms', 'p'),
        'ImgAug': ('args', 'clip_invalid_ploys'),
        'sort_vertex': ('points_x', 'points_y'),
        'sort_vertex8': ('points',),
    },
    'mmocr.datasets.pipelines.dbnet_transforms': {
        'AugmenterBuilder': (),
    },
    'mmocr.models': {
        'build_backbone': ('cfg',),
        'build_detector': ('cfg', 'train_cfg', 'test_cfg'),
        'build_loss': ('cfg',),
        'build_convertor': ('cfg',),
        'build_encoder': ('cfg',),
        'build_decoder': ('cfg',),
        'build_preprocessor': ('cfg',),
        'BasePreprocessor': ('init_cfg',),
        'SARLoss': ('ignore_index', 'reduction', '**kwargs'),
        'ResNet31OCR': ('base_channels', 'layers', 'channels', 'out_indices',
                        'stage4_pool_cfg', 'last_stage_pool', 'init_cfg'),
        'ABIFuser': ('d_model', 'max_seq_len', 'num_chars', 'init_cfg'),
        'DRRG': ('backbone', 'neck', 'bbox_head', 'train_cfg', 'test_cfg',
                 'pretrained', 'show_score', 'init_cfg'),
        'DRRGHead': ('in_channels', 'k_at_hops', 'num_adjacent_linkages',
                     'node_geo_feat_len', 'pooling_scale',
                     'pooling_output_size', 'nms_thr', 'min_width',
                     'max_width', 'comp_shrink_ratio', 'comp_ratio',
                     'comp_score_thr', 'text_region_thr', 'center_region_thr',
                     'center_region_area_thr', 'local_graph_thr', 'loss',
                     'postprocessor'),
        'FPNOCR': ('in_channels', 'out_channels', 'last_stage_only',
                   'init_cfg'),
        'FPN_UNet': ('in_channels', 'out_channels', 'init_cfg'),
        'SegHead': ('in_channels', 'num_classes', 'upsample_param',
                    'init_cfg'),
        'TextDetectorMixin': ('show_score',),
    },
    'mmocr.models.textdet.dense_heads.head_mixin': {
        'HeadMixin': ('loss', 'postprocessor'),
    },
    'mmocr.core.deployment.deploy_utils': {
        'inference_with_session': ('sess', 'io_binding', 'input_name',
                                   'output_names', 'input_tensor'),
        'ONNXRuntimeDetector': ('onnx_file', 'cfg', 'device_id', 'show_score'),
        'ONNXRuntimeRecognizer': ('onnx_file', 'cfg', 'device_id',
                                  'show_score'),
        'TensorRTDetector': ('trt_file', 'cfg', 'device_id', 'show_score'),
        'TensorRTRecognizer': ('trt_file', 'cfg', 'device_id', 'show_score'),
    },
    'mmocr.models.ner.utils': {
        'GeluNew': (),
    },
    'mmocr.models.ner.utils.bert': {
        'BertEncoder': ('output_attentions', 'output_hidden_states',
                        'num_hidden_layers', 'hidden_size',
                        'num_attention_heads', 'attention_probs_dropout_prob',
                        'layer_norm_eps', 'hidden_dropout_prob',
                        'intermediate_size', 'hidden_act'),
        'BertOutput': ('intermediate_size', 'hidden_size', 'layer_norm_eps',
                       'hidden_dropout_prob'),
        'BertSelfOutput': ('hidden_size', 'layer_norm_eps',
                           'hidden_dropout_prob'),
    },
    'mmocr.models.textdet.postprocess.utils': {
        'Node': ('ind',),
        'filter_instance': ('area', 'confidence', 'min_area',
                            'min_confidence'),
        'graph_propagation': ('edges', 'scores', 'text_comps',
                              'edge_len_thr'),
        'connected_components': ('nodes', 'score_dict', 'link_thr'),
        'clusters2labels': ('clusters', 'num_nodes'),
        'remove_single': ('text_comps', 'comp_pred_labels'),
        'norm2': ('point1', 'point2'),
        'min_connect_path': ('points',),
        'in_contour': ('cont', 'point'),
        'fix_corner': ('top_line', 'bot_line', 'start_box', 'end_box'),
        'comps2boundaries': ('text_comps', 'comp_pred_labels'),
    },
    'mmocr.models.textrecog.decoders.master_decoder': {
        'Embeddings': ('d_model', 'vocab'),
        'clones': ('module', 'N'),
    },
    'mmocr.models.textrecog.decoders.sar_decoder_with_bs': {
        'DecodeNode': ('indexes', 'scores'),
    },
    'mmocr.models.textrecog.layers.conv_layer': {
        'Bottleneck': ('inplanes', 'planes', 'stride', 'downsample'),
    },
}

# Deliberate differences: (module, name) -> our parameters
# (docs/en/compatibility.md, "Signatures").
KNOWN_DIFFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    # One flat registry per kind, no hierarchy or custom build function.
    ('mmocr.utils', 'Registry'): ('name',),
    # mmdet 2.x's runner_type / class_aware_sampler are not taken.
    ('mmocr.datasets', 'build_dataloader'): (
        'dataset', 'samples_per_gpu', 'workers_per_gpu', 'num_gpus', 'dist',
        'shuffle', 'seed', 'drop_last', 'pin_memory', 'persistent_workers',
        'group_by_length', '**kwargs'),
    # Unknown keys are errors: 0.x swallowed them through **kwargs.
    ('mmocr.models', 'SARLoss'): ('ignore_index', 'reduction'),
    # One class carries every single-stage name; its own 0.x signature
    # (SingleStageTextDetector) puts init_cfg before show_score.
    ('mmocr.models', 'DRRG'): ('backbone', 'neck', 'bbox_head', 'train_cfg',
                               'test_cfg', 'pretrained', 'init_cfg',
                               'show_score'),
    # The class carrying 0.x's mixin methods (show_result, show_score).
    ('mmocr.models', 'TextDetectorMixin'): (
        'backbone', 'neck', 'bbox_head', 'train_cfg', 'test_cfg',
        'pretrained', 'init_cfg', 'show_score'),
}

ROWS = [(module, name, params) for module, names in API.items()
        for name, params in names.items()]


def _params(obj) -> list[inspect.Parameter]:
    return list(inspect.signature(obj).parameters.values())


def _label(param: inspect.Parameter) -> str:
    prefix = {param.VAR_POSITIONAL: '*',
              param.VAR_KEYWORD: '**'}.get(param.kind, '')
    return prefix + param.name


def test_table_covers_the_new_names():
    """The names this table was written for are all in it."""
    assert {'digit_version'} <= set(API['mmocr'])
    assert {'text_model_inference', 'tensor2grayimgs', 'update_pipeline',
            'update_pipeline_recog', 'replace_image_to_tensor',
            'disable_text_recog_aug_test',
            'retrieve_img_tensor_and_meta'} <= set(API['mmocr.apis'])
    assert {'StringStrip', 'bezier_to_polygon', 'sort_points',
            'revert_sync_batchnorm', 'setup_multi_processes', 'get_device',
            'build_dp', 'build_ddp', 'check_image_is_valid', 'parse_line',
            'write_cache', 'is_npu_available', 'is_mlu_available', 'Registry',
            'build_from_cfg'} <= set(API['mmocr.utils'])
    assert {'build_loader', 'build_parser', 'HTTPAnnFileBackend',
            'PetrelAnnFileBackend'} <= set(API['mmocr.datasets'])
    assert {'overlay_mask_img', 'show_feature', 'show_img_boundary',
            'show_pred_gt', 'imshow_text_char_boundary', 'imshow_text_label',
            'imshow_node', 'imshow_edge',
            'det_recog_show_result'} <= set(API['mmocr.core'])
    assert {'tile_image', 'draw_polygons', 'draw_texts', 'gen_color',
            'is_contain_chinese', 'get_optimal_font_scale',
            'draw_texts_by_pil'} <= set(API['mmocr.core.visualize'])
    assert {'points2polygon', 'poly_intersection', 'poly_union', 'poly_iou',
            'boundary_iou', 'box2polygon', 'poly_make_valid', 'ignore_pred',
            'compute_hmean', 'one2one_match_ic13', 'one2many_match_ic13',
            'many2one_match_ic13', 'point_distance', 'box_diag',
            'points_center', 'filter_result', 'select_bboxes_via_score'
            } <= set(API['mmocr.core.evaluation.utils'])
    assert {'AffineJitter', 'PyramidRescale', 'RandomCropInstances',
            'TorchVisionWrapper', 'OneOfWrapper', 'RandomWrapper',
            'ImgAug'} <= set(API['mmocr.datasets.pipelines'])
    # the last 41 names of the 0.6.3 list (tools/misc/count_0x_api.py)
    assert {'ABIFuser', 'DRRG', 'DRRGHead', 'FPNOCR', 'FPN_UNet', 'SegHead',
            'TextDetectorMixin'} <= set(API['mmocr.models'])
    assert len(API['mmocr.core.deployment.deploy_utils']) == 5
    assert len(API['mmocr.models.textdet.postprocess.utils']) == 11


@pytest.mark.parametrize('module, name, expected', ROWS,
                         ids=[f'{m}.{n}' for m, n, _ in ROWS])
def test_name_at_0x_path_with_0x_parameters(module, name, expected):
    obj = getattr(importlib.import_module(module), name)
    params = _params(obj)
    ours = tuple(_label(p) for p in params)
    if (module, name) in KNOWN_DIFFERENCES:
        assert ours == KNOWN_DIFFERENCES[module, name]
        return
    message = f'{module}.{name}{ours}: MMOCR 0.x has {expected}'
    named = [p for p in params if p.kind not in (p.VAR_POSITIONAL,
                                                  p.VAR_KEYWORD)]
    expected_named = tuple(e for e in expected if not e.startswith('*'))
    assert tuple(p.name for p in named[:len(expected_named)]) == \
        expected_named, message
    for param in named[len(expected_named):]:
        assert param.default is not param.empty, (
            f'{module}.{name}: added parameter {param.name!r} has no default')
    star = [e for e in expected if e.startswith('*') and e[1] != '*']
    if star:  # positional extras land at the same place
        assert ours.index(star[0]) == expected.index(star[0]), message
    if any(e.startswith('**') for e in expected):
        assert params[-1].kind == params[-1].VAR_KEYWORD, message
    assert name in importlib.import_module(module).__all__


def test_digit_version_0x_semantics():
    assert digit_version('0.6.3') == [0, 6, 3]
    assert digit_version('1.4.0rc1') == [1, 4, -1, 1]
    assert digit_version('1.4.0rc1') < digit_version('1.4.0')
    assert digit_version('2.0.0.dev0') == [2, 0, 0]
