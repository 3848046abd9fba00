import type { FusionColormap } from '@longview/render/plain';

/** The colour maps offered, in menu order. */
const COLORMAP_CHOICES: ReadonlyArray<{ colormap: FusionColormap; label: string }> = [
  { colormap: 'hot-iron', label: 'Hot iron' },
  { colormap: 'rainbow', label: 'Rainbow' },
  { colormap: 'inverted-gray', label: 'Inverted gray' },
];

export function percent(value: number): string {
  return `${Math.round(value * 100)} %`;
}

/** The fusion's toolbar: the PET's opacity over the CT and its colour map, disabled until the fusion shows. */
export function FusionControls({
  opacity,
  colormap,
  isEnabled,
  onOpacity,
  onColormap,
}: {
  opacity: number;
  colormap: FusionColormap;
  isEnabled: boolean;
  onOpacity: (opacity: number) => void;
  onColormap: (colormap: FusionColormap) => void;
}) {
  return (
    <div className="viewport-tools">
      <div className="viewport-toolbar" role="toolbar" aria-label="Fusion controls">
        <label>
          PET opacity{' '}
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            value={Math.round(opacity * 100)}
            aria-valuetext={percent(opacity)}
            disabled={!isEnabled}
            onChange={(event) => onOpacity(Number(event.target.value) / 100)}
            data-testid="fusion-opacity"
          />{' '}
          <output>{percent(opacity)}</output>
        </label>
        <label>
          Colour map{' '}
          <select value={colormap} disabled={!isEnabled} onChange={(event) => onColormap(event.target.value as FusionColormap)} data-testid="fusion-colormap">
            {COLORMAP_CHOICES.map((choice) => (
              <option key={choice.colormap} value={choice.colormap}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
